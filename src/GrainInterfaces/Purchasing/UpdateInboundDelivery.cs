namespace OmniBiz.GrainInterfaces.Purchasing;

/// <summary>Staff's update of where the shipment is.</summary>
[GenerateSerializer, Immutable, Alias("omnibiz.UpdateInboundDelivery")]
public sealed record UpdateInboundDelivery(
    [property: Id(0)] string Status,
    [property: Id(1)] string? Carrier,
    [property: Id(2)] string? TrackingNumber,
    [property: Id(3)] DateTimeOffset? ExpectedAt,
    [property: Id(4)] string ActorId);
