namespace OmniBiz.GrainInterfaces.Purchasing;

/// <summary>One supplier, keyed by supplier id: contacts, terms and the products they supply.</summary>
[Alias("omnibiz.ISupplierGrain")]
public interface ISupplierGrain : IGrainWithStringKey
{
    /// <summary>Creates the supplier; a repeat by the same caller answers the supplier, anyone else's is a conflict.</summary>
    [Alias("Create")]
    Task<Supplier> CreateAsync(SupplierDetails details, string actorId);

    /// <summary>Replaces the supplier's details; refuses unknown products and malformed contacts.</summary>
    [Alias("Update")]
    Task<Supplier> UpdateAsync(SupplierDetails details, string actorId);

    /// <summary>The supplier, or null when none exists under this id.</summary>
    [Alias("Get")]
    Task<Supplier?> GetAsync();
}
