namespace OmniBiz.GrainInterfaces.Fleet;

/// <summary>A delivery: <c>en_route</c>, <c>arrived</c>, <c>delivered</c> or <c>cancelled</c>.</summary>
[GenerateSerializer, Immutable, Alias("omnibiz.Delivery")]
public sealed record Delivery(
    [property: Id(0)] string Id,
    [property: Id(1)] string OrderId,
    [property: Id(2)] string OrderNumber,
    [property: Id(3)] string CustomerId,
    [property: Id(4)] string VehicleId,
    [property: Id(5)] string Status,
    [property: Id(6)] GeoPoint Destination,
    [property: Id(7)] string? DestinationLocationId,
    [property: Id(8)] int? EtaSeconds,
    [property: Id(9)] double? DistanceM,
    [property: Id(10)] VehiclePosition? LastPosition,
    [property: Id(11)] DateTimeOffset StartedAt,
    [property: Id(12)] DateTimeOffset? ArrivedAt,
    [property: Id(13)] DateTimeOffset? DeliveredAt,
    [property: Id(14)] int Version);
