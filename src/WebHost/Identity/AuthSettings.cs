namespace OmniBiz.WebHost.Identity;

/// <summary>The <c>OmniBiz:Auth</c> settings: account recovery.</summary>
public sealed class AuthSettings
{
    public const string Section = "OmniBiz:Auth";

    /// <summary>How long a mailed password reset link works (once).</summary>
    public TimeSpan ResetTokenLifetime { get; set; } = TimeSpan.FromMinutes(30);
}
