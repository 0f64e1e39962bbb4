namespace OmniBiz.GrainInterfaces.Fleet;

/// <summary>Where a vehicle was at a moment.</summary>
[GenerateSerializer, Immutable, Alias("omnibiz.VehiclePosition")]
public sealed record VehiclePosition(
    [property: Id(0)] double Lat,
    [property: Id(1)] double Lng,
    [property: Id(2)] double SpeedKph,
    [property: Id(3)] double? Heading,
    [property: Id(4)] DateTimeOffset RecordedAt);
