using OmniBiz.GrainInterfaces.Fleet;

namespace OmniBiz.Grains.Fleet;

/// <summary><c>delivery_started</c> and <c>delivery_updated</c> payload.</summary>
public sealed record DeliveryNotice(
    string DeliveryId, string OrderId, string OrderNumber, string VehicleId, string Status,
    int? EtaSeconds, double? DistanceM, GeoPoint Destination, VehiclePosition? LastPosition, int Version);
