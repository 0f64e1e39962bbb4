namespace OmniBiz.GrainInterfaces.Fleet;

/// <summary>What staff enter for a business location; type is store, warehouse, customer or other.</summary>
[GenerateSerializer, Immutable, Alias("omnibiz.LocationDetails")]
public sealed record LocationDetails(
    [property: Id(0)] string Name,
    [property: Id(1)] string Type,
    [property: Id(2)] double Lat,
    [property: Id(3)] double Lng,
    [property: Id(4)] string? Address);
