namespace OmniBiz.GrainInterfaces.Fleet;

/// <summary>One business location (store, warehouse, customer, other), keyed by location id.</summary>
[Alias("omnibiz.ILocationGrain")]
public interface ILocationGrain : IGrainWithStringKey
{
    /// <summary>Creates the location; <c>location_added</c> goes to map viewers.</summary>
    [Alias("Create")]
    Task<Location> CreateAsync(LocationDetails details);

    /// <summary>Replaces its details; <c>location_updated</c> goes to map viewers.</summary>
    [Alias("Update")]
    Task<Location> UpdateAsync(LocationDetails details);

    /// <summary>Removes it; <c>location_deleted</c> goes to map viewers.</summary>
    [Alias("Delete")]
    Task DeleteAsync();

    /// <summary>The location, or null.</summary>
    [Alias("Get")]
    Task<Location?> GetAsync();
}
