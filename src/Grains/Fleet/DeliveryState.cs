using OmniBiz.GrainInterfaces.Fleet;

namespace OmniBiz.Grains.Fleet;

[GenerateSerializer, Alias("omnibiz.DeliveryState")]
public sealed class DeliveryState
{
    [Id(0)] public string OrderId { get; set; } = "";
    [Id(1)] public string OrderNumber { get; set; } = "";
    [Id(2)] public string CustomerId { get; set; } = "";
    [Id(3)] public string VehicleId { get; set; } = "";
    [Id(4)] public string Status { get; set; } = "";
    [Id(5)] public GeoPoint Destination { get; set; } = new(0, 0);
    [Id(6)] public string? DestinationLocationId { get; set; }
    [Id(7)] public int? EtaSeconds { get; set; }
    [Id(8)] public double? DistanceM { get; set; }
    [Id(9)] public VehiclePosition? LastPosition { get; set; }
    [Id(10)] public DateTimeOffset StartedAt { get; set; }
    [Id(11)] public DateTimeOffset? ArrivedAt { get; set; }
    [Id(12)] public DateTimeOffset? DeliveredAt { get; set; }
    [Id(13)] public int Version { get; set; }
}
