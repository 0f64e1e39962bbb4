namespace OmniBiz.WebHost.Hosting;

/// <summary>The <c>OmniBiz:PublicBaseUrl</c> setting: the address people open links at (the dashboard).</summary>
public sealed class PublicAddressSettings
{
    public const string Section = "OmniBiz";

    /// <summary>Mailed join and password reset links start with it; unset, with the address the request came to.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>The configured base URL without a trailing slash, or null.</summary>
    public static string? From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<PublicAddressSettings>()?.PublicBaseUrl is { Length: > 0 } url && !string.IsNullOrWhiteSpace(url) ? url.TrimEnd('/') : null;
}
