namespace OmniBiz.WebHost.Auth;

/// <summary>The <c>OmniBiz:Jwt</c> settings.</summary>
public sealed class JwtSettings
{
    public const string Section = "OmniBiz:Jwt";

    /// <summary>
    /// The HMAC signing key (at least 32 characters). Every web node of a cluster needs the same one. When unset,
    /// a key is generated once and kept in the data folder, which suits one machine only.
    /// </summary>
    public string? SigningKey { get; set; }

    public string Issuer { get; set; } = "omnibiz";

    public string Audience { get; set; } = "omnibiz";

    /// <summary>
    /// Access token lifetime. Kept short: a client renews its access token with its refresh token. Role changes,
    /// password changes and disabling take effect at the next request regardless (the security stamp).
    /// </summary>
    public int AccessTokenMinutes { get; set; } = 15;

    /// <summary>How long an unused refresh token stays valid; each use gives a new one with a new lifetime.</summary>
    public int RefreshTokenDays { get; set; } = 30;
}
