namespace OmniBiz.GrainInterfaces.Fleet;

/// <summary>The delivery an order is out with, as orders show it.</summary>
[GenerateSerializer, Immutable, Alias("omnibiz.DeliveryRef")]
public sealed record DeliveryRef(
    [property: Id(0)] string DeliveryId,
    [property: Id(1)] string VehicleId,
    [property: Id(2)] string Status);
