using System.Collections.Immutable;
using Orleans.Concurrency;

namespace OmniBiz.GrainInterfaces.Identity;

/// <summary>
/// One user account, keyed by user id. Owns the password hash, the roles, the security stamp that every access token
/// carries, the sign-in lockout and the hashes of the account's refresh tokens.
/// </summary>
[Alias("omnibiz.IUserGrain")]
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>Creates the account; refuses if this id already holds one.</summary>
    [Alias("Create")]
    Task<UserProfile> CreateAsync(RegisterUser registration, ImmutableArray<string> roles);

    /// <summary>The profile, or null when no account exists under this id.</summary>
    [Alias("Get")]
    Task<UserProfile?> GetAsync();

    /// <summary>The profile when the password matches, otherwise null.</summary>
    [Alias("VerifyPassword")]
    Task<UserProfile?> VerifyPasswordAsync(string password);

    /// <summary>
    /// Checks a password under the lockout rules and, when it matches an enabled account, opens a session (a new
    /// refresh token family). Wrong passwords count towards a lockout; a locked account is not asked at all.
    /// </summary>
    [Alias("SignIn")]
    Task<SignInOutcome> SignInAsync(string password, SessionPolicy policy);

    /// <summary>Opens a session for an account that has just proved who it is (registration).</summary>
    [Alias("OpenSession")]
    Task<UserSession> OpenSessionAsync(SessionPolicy policy);

    /// <summary>
    /// Spends a refresh token and answers a session with its successor, or null when the token is unknown, expired,
    /// or the account is disabled. Presenting a token that was already spent revokes its whole family.
    /// </summary>
    [Alias("Refresh")]
    Task<UserSession?> RefreshAsync(string refreshToken, SessionPolicy policy);

    /// <summary>Ends the session (refresh token family) the token belongs to; unknown tokens are ignored.</summary>
    [Alias("RevokeRefreshToken")]
    Task RevokeRefreshTokenAsync(string refreshToken);

    /// <summary>
    /// The current security stamp, or null when there is no such account or it is disabled. Asked on every request,
    /// so it never waits behind a password check.
    /// </summary>
    [Alias("GetSecurityStamp"), AlwaysInterleave]
    Task<string?> GetSecurityStampAsync();

    /// <summary>
    /// Disables the account: it cannot sign in, and its tokens and hub connections end on every node. The last enabled
    /// admin is refused (conflict).
    /// </summary>
    [Alias("Disable")]
    Task<UserProfile> DisableAsync();

    /// <summary>Enables a disabled account again (its old tokens stay ended: it signs in afresh).</summary>
    [Alias("Enable")]
    Task<UserProfile> EnableAsync();

    /// <summary>Replaces the display name.</summary>
    [Alias("SetDisplayName")]
    Task<UserProfile> SetDisplayNameAsync(string displayName);

    /// <summary>
    /// Replaces the password when <paramref name="currentPassword"/> is right (otherwise an invalid
    /// <c>currentPassword</c>). Every session but <paramref name="keepSessionId"/> (a refresh token family id) ends,
    /// and every access token stops at its next request: the kept session renews its access token with its refresh token.
    /// </summary>
    [Alias("ChangePassword")]
    Task ChangePasswordAsync(string currentPassword, string newPassword, string? keepSessionId);

    /// <summary>
    /// Makes a single-use password reset token valid for <paramref name="lifetime"/>, replacing any earlier one, and
    /// answers it (the only time it exists in clear; only its hash is kept). Null when the account is disabled or absent.
    /// </summary>
    [Alias("IssuePasswordReset")]
    Task<string?> IssuePasswordResetAsync(TimeSpan lifetime);

    /// <summary>
    /// Spends a reset token: sets the new password and ends every session. An unknown, used or expired token is an
    /// invalid <c>token</c>.
    /// </summary>
    [Alias("ResetPassword")]
    Task ResetPasswordAsync(string token, string newPassword);

    /// <summary>Replaces the roles; unknown roles are refused, and so is demoting the last enabled admin. A change ends the account's sessions.</summary>
    [Alias("SetRoles")]
    Task<UserProfile> SetRolesAsync(ImmutableArray<string> roles);

    /// <summary>Replaces the password and ends the account's sessions (also used when configuration names the first admin's password).</summary>
    [Alias("SetPassword")]
    Task SetPasswordAsync(string password);
}
