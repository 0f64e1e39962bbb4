using OmniBiz.GrainInterfaces.Fleet;

namespace OmniBiz.WebHost.Fleet;

/// <summary>Give either a location id or coordinates as the destination.</summary>
public sealed record StartDeliveryRequest(string OrderId, string VehicleId, string? DestinationLocationId, GeoPoint? Destination);
