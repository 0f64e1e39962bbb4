namespace OmniBiz.GrainInterfaces.Identity;

/// <summary>The answer to a sign-in attempt.</summary>
/// <param name="Status">How the attempt ended.</param>
/// <param name="Session">The opened session, when <see cref="SignInStatus.SignedIn"/>.</param>
/// <param name="RetryAfter">How long the lockout still lasts, when <see cref="SignInStatus.LockedOut"/>.</param>
[GenerateSerializer, Immutable, Alias("omnibiz.SignInOutcome")]
public sealed record SignInOutcome(
    [property: Id(0)] SignInStatus Status,
    [property: Id(1)] UserSession? Session,
    [property: Id(2)] TimeSpan RetryAfter);
