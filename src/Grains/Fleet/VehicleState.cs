using OmniBiz.GrainInterfaces.Fleet;

namespace OmniBiz.Grains.Fleet;

[GenerateSerializer, Alias("omnibiz.VehicleState")]
public sealed class VehicleState
{
    [Id(0)] public string Name { get; set; } = "";
    [Id(1)] public string Plate { get; set; } = "";
    [Id(2)] public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The one device credential that may post pings; null when revoked.</summary>
    [Id(3)] public string? DeviceTokenId { get; set; }
    [Id(4)] public VehiclePosition? Latest { get; set; }
    [Id(5)] public double OdometerM { get; set; }

    /// <summary>Where the odometer last counted from: movement shorter than the fix's accuracy is jitter, not distance.</summary>
    [Id(6)] public GeoPoint? OdometerAnchor { get; set; }
    [Id(7)] public bool Moving { get; set; }
    [Id(8)] public DateTimeOffset? LastSeenAt { get; set; }
    [Id(9)] public double SpeedAverageKph { get; set; }
    [Id(10)] public DeliveryAssignment? Delivery { get; set; }

    /// <summary>Consecutive pings inside the arrival radius; two make an arrival, which then latches.</summary>
    [Id(11)] public int PingsInside { get; set; }
    [Id(12)] public bool Arrived { get; set; }
    [Id(13)] public DateTimeOffset? LastProgressAt { get; set; }
}
