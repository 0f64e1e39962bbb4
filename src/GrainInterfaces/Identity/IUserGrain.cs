using System.Collections.Immutable;

namespace OmniBiz.GrainInterfaces.Identity;

/// <summary>One user account, keyed by user id. Owns the password hash and the roles.</summary>
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

    /// <summary>Replaces the roles; unknown roles are refused.</summary>
    [Alias("SetRoles")]
    Task<UserProfile> SetRolesAsync(ImmutableArray<string> roles);

    /// <summary>Replaces the password (used when configuration names the first admin's password).</summary>
    [Alias("SetPassword")]
    Task SetPasswordAsync(string password);
}
