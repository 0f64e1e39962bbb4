namespace OmniBiz.GrainInterfaces.Identity;

/// <summary>How a sign-in attempt ended.</summary>
[GenerateSerializer, Alias("omnibiz.SignInStatus")]
public enum SignInStatus
{
    /// <summary>The password matched: a session was opened.</summary>
    SignedIn = 0,

    /// <summary>The password did not match (or there is no such account).</summary>
    WrongPassword = 1,

    /// <summary>Too many wrong passwords: the account refuses attempts until the lockout ends.</summary>
    LockedOut = 2,

    /// <summary>The password matched but the account is disabled.</summary>
    Disabled = 3,
}
