namespace OmniBiz.Grains.Identity;

/// <summary>One session: the chain of refresh tokens that began at one sign-in. Only the newest token is usable.</summary>
[GenerateSerializer, Alias("omnibiz.RefreshTokenFamily")]
public sealed class RefreshTokenFamily
{
    /// <summary>SHA-256 (hex) of the family's current refresh token.</summary>
    [Id(0)] public string TokenHash { get; set; } = "";
    [Id(1)] public DateTimeOffset IssuedAt { get; set; }
    [Id(2)] public DateTimeOffset ExpiresAt { get; set; }
}
