using System.Collections.Immutable;

namespace OmniBiz.GrainInterfaces.Identity;

/// <summary>The roles a user can hold.</summary>
public static class Roles
{
    /// <summary>Runs the business: everything staff can, plus user roles.</summary>
    public const string Admin = "admin";

    /// <summary>Works in the business: catalog, orders, fleet, support.</summary>
    public const string Staff = "staff";

    /// <summary>Buys from the store; the role every new registration gets.</summary>
    public const string Customer = "customer";

    /// <summary>Every role a user may be given.</summary>
    public static readonly ImmutableArray<string> All = [Admin, Staff, Customer];
}
