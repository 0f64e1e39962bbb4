using System.ComponentModel.DataAnnotations;
using OmniBiz.GrainInterfaces.Fleet;
using OmniBiz.WebHost.Common;

namespace OmniBiz.WebHost.Fleet;

/// <summary>Give either a location id or coordinates as the destination.</summary>
public sealed record StartDeliveryRequest(
    [property: Required, ValidId] string OrderId,
    [property: Required, ValidId] string VehicleId,
    [property: ValidId] string? DestinationLocationId,
    GeoPoint? Destination);
