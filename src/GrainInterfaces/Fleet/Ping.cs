namespace OmniBiz.GrainInterfaces.Fleet;

/// <summary>One GPS fix from a device, as posted.</summary>
[GenerateSerializer, Immutable, Alias("omnibiz.Ping")]
public sealed record Ping(
    [property: Id(0)] double Lat,
    [property: Id(1)] double Lng,
    [property: Id(2)] double? SpeedKph,
    [property: Id(3)] double? Heading,
    [property: Id(4)] double? AccuracyM,
    [property: Id(5)] DateTimeOffset RecordedAt);
