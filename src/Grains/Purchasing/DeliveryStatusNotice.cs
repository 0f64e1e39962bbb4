namespace OmniBiz.Grains.Purchasing;

/// <summary><c>delivery_status_updated</c> payload.</summary>
public sealed record DeliveryStatusNotice(string PurchaseOrderId, string Number, string Status, string? Carrier, string? TrackingNumber, DateTimeOffset? ExpectedAt, int Version);
