namespace OmniBiz.GrainInterfaces.Fleet;

/// <summary>Staff send an order out with a vehicle to a destination (a location's coordinates, or given ones).</summary>
[GenerateSerializer, Immutable, Alias("omnibiz.StartDelivery")]
public sealed record StartDelivery(
    [property: Id(0)] string OrderId,
    [property: Id(1)] string VehicleId,
    [property: Id(2)] GeoPoint Destination,
    [property: Id(3)] string? DestinationLocationId,
    [property: Id(4)] string ActorId);
