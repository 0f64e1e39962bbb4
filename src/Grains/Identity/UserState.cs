namespace OmniBiz.Grains.Identity;

[GenerateSerializer, Alias("omnibiz.UserState")]
public sealed class UserState
{
    [Id(0)] public string Email { get; set; } = "";
    [Id(1)] public string DisplayName { get; set; } = "";
    [Id(2)] public string PasswordHash { get; set; } = "";
    [Id(3)] public List<string> Roles { get; set; } = [];
    [Id(4)] public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Carried by every access token; a new value ends every session of the account.</summary>
    [Id(5)] public string SecurityStamp { get; set; } = "";
    [Id(6)] public bool Disabled { get; set; }

    /// <summary>Wrong passwords since the last success or lockout.</summary>
    [Id(7)] public int FailedSignIns { get; set; }

    /// <summary>Lockouts since the last successful sign-in: each one lasts twice as long as the one before.</summary>
    [Id(8)] public int Lockouts { get; set; }
    [Id(9)] public DateTimeOffset? LockedUntil { get; set; }

    /// <summary>Open sessions by family id: only the hash of each family's current refresh token is kept.</summary>
    [Id(10)] public Dictionary<string, RefreshTokenFamily> RefreshFamilies { get; set; } = [];

    /// <summary>Grows with every change the users list shows, so a late read-model write never overwrites a newer one.</summary>
    [Id(11)] public int Version { get; set; }

    /// <summary>SHA-256 (hex) of the one usable password reset token, or null.</summary>
    [Id(12)] public string? ResetTokenHash { get; set; }
    [Id(13)] public DateTimeOffset? ResetTokenExpiresAt { get; set; }
}
