namespace OmniBiz.WebHost.Identity;

/// <summary>The <c>OmniBiz:Admin</c> settings: the first administrator.</summary>
public sealed class AdminSettings
{
    public const string Section = "OmniBiz:Admin";

    public string? Email { get; set; }

    public string? Password { get; set; }

    public string DisplayName { get; set; } = "Administrator";
}
