namespace OmniBiz.GrainInterfaces.Fleet;

/// <summary>A vehicle as the fleet map shows it.</summary>
[GenerateSerializer, Immutable, Alias("omnibiz.Vehicle")]
public sealed record Vehicle(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Plate,
    [property: Id(3)] VehiclePosition? LastPosition,
    [property: Id(4)] double OdometerKm,
    [property: Id(5)] bool Moving,
    [property: Id(6)] bool Online,
    [property: Id(7)] DateTimeOffset? LastSeenAt,
    [property: Id(8)] string? ActiveDeliveryId,
    [property: Id(9)] DateTimeOffset CreatedAt);
