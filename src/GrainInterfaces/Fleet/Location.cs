namespace OmniBiz.GrainInterfaces.Fleet;

/// <summary>A business location on the map.</summary>
[GenerateSerializer, Immutable, Alias("omnibiz.Location")]
public sealed record Location(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Type,
    [property: Id(3)] double Lat,
    [property: Id(4)] double Lng,
    [property: Id(5)] string? Address,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] int Version);
