namespace OmniBiz.GrainInterfaces.Fleet;

/// <summary>What a vehicle needs to track a delivery: where to, and how close counts as arrived.</summary>
[GenerateSerializer, Immutable, Alias("omnibiz.DeliveryAssignment")]
public sealed record DeliveryAssignment(
    [property: Id(0)] string DeliveryId,
    [property: Id(1)] GeoPoint Destination,
    [property: Id(2)] double ArrivalRadiusM);
