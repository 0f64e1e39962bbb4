namespace OmniBiz.GrainInterfaces.Identity;

/// <summary>The configured session and lockout rules, handed to the user grain by the web node that asks.</summary>
/// <param name="RefreshTokenLifetime">How long a refresh token (and its rotations) stays usable.</param>
/// <param name="LockoutThreshold">Wrong passwords in a row that lock the account.</param>
/// <param name="LockoutDuration">The first lockout; each further one doubles it.</param>
/// <param name="MaxLockoutDuration">The longest a lockout grows to.</param>
[GenerateSerializer, Immutable, Alias("omnibiz.SessionPolicy")]
public sealed record SessionPolicy(
    [property: Id(0)] TimeSpan RefreshTokenLifetime,
    [property: Id(1)] int LockoutThreshold,
    [property: Id(2)] TimeSpan LockoutDuration,
    [property: Id(3)] TimeSpan MaxLockoutDuration);
