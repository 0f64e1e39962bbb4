namespace OmniBiz.GrainInterfaces.Identity;

/// <summary>
/// What a web node needs to hand a client its tokens: the profile, the security stamp the access token carries,
/// and a new refresh token (the only time it exists in clear; the user grain keeps its SHA-256 hash).
/// </summary>
[GenerateSerializer, Immutable, Alias("omnibiz.UserSession")]
public sealed record UserSession(
    [property: Id(0)] UserProfile Profile,
    [property: Id(1)] string SecurityStamp,
    [property: Id(2)] string RefreshToken);
