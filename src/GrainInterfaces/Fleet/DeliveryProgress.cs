namespace OmniBiz.GrainInterfaces.Fleet;

/// <summary>A vehicle's report on its delivery: distance left, estimated seconds to go, and whether it has arrived.</summary>
[GenerateSerializer, Immutable, Alias("omnibiz.DeliveryProgress")]
public sealed record DeliveryProgress(
    [property: Id(0)] VehiclePosition Position,
    [property: Id(1)] double DistanceM,
    [property: Id(2)] int EtaSeconds,
    [property: Id(3)] bool Arrived);
