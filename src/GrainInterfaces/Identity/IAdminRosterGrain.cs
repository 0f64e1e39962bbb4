namespace OmniBiz.GrainInterfaces.Identity;

/// <summary>
/// The enabled administrators (one grain, key <see cref="Key"/>). User grains ask it before an admin is disabled or
/// demoted, so two admins demoting each other at once cannot leave the business without one: it serializes them.
/// </summary>
[Alias("omnibiz.IAdminRosterGrain")]
public interface IAdminRosterGrain : IGrainWithStringKey
{
    /// <summary>The one roster's key.</summary>
    public const string Key = "admins";

    /// <summary>Counts the user as an enabled admin (idempotent).</summary>
    [Alias("Add")]
    Task AddAsync(string userId);

    /// <summary>Stops counting the user; refuses (conflict) when it is the last enabled admin.</summary>
    [Alias("Release")]
    Task ReleaseAsync(string userId);
}
