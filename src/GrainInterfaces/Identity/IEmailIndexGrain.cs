using System.Collections.Immutable;

namespace OmniBiz.GrainInterfaces.Identity;

/// <summary>
/// The owner of one normalized e-mail address, keyed by it. Registration goes through here, so two
/// racing registrations of one address are serialized and exactly one account is created.
/// </summary>
[Alias("omnibiz.IEmailIndexGrain")]
public interface IEmailIndexGrain : IGrainWithStringKey
{
    /// <summary>Creates the account for this address, or refuses with a conflict when it is taken.</summary>
    [Alias("Register")]
    Task<UserProfile> RegisterAsync(RegisterUser registration, ImmutableArray<string> roles);

    /// <summary>The id of the account that owns this address, or null.</summary>
    [Alias("GetUserId")]
    Task<string?> GetUserIdAsync();
}
