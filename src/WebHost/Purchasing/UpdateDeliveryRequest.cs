using System.ComponentModel.DataAnnotations;
using OmniBiz.Grains.Purchasing;

namespace OmniBiz.WebHost.Purchasing;

public sealed record UpdateDeliveryRequest(
    [property: Required, StringLength(32)] string Status,
    [property: StringLength(PurchaseOrderRules.MaxCarrierLength)] string? Carrier,
    [property: StringLength(PurchaseOrderRules.MaxTrackingNumberLength)] string? TrackingNumber,
    DateTimeOffset? ExpectedAt);
