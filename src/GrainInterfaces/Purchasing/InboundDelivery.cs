namespace OmniBiz.GrainInterfaces.Purchasing;

/// <summary>A purchase order's inbound shipment.</summary>
[GenerateSerializer, Immutable, Alias("omnibiz.InboundDelivery")]
public sealed record InboundDelivery(
    [property: Id(0)] string Status,
    [property: Id(1)] string? Carrier,
    [property: Id(2)] string? TrackingNumber,
    [property: Id(3)] DateTimeOffset? ExpectedAt);
