namespace OmniBiz.Grains.Purchasing;

/// <summary><c>payment_processed</c> payload for a purchase order.</summary>
public sealed record SupplierPaymentNotice(string PurchaseOrderId, string Number, string PaymentId, decimal Amount, string Status, decimal Paid, decimal Due, int Version);
