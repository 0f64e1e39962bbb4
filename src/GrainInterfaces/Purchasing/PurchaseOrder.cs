using System.Collections.Immutable;

namespace OmniBiz.GrainInterfaces.Purchasing;

/// <summary>A purchase order as staff see it. <see cref="Overdue"/>: expected date passed and not fully received.</summary>
[GenerateSerializer, Immutable, Alias("omnibiz.PurchaseOrder")]
public sealed record PurchaseOrder(
    [property: Id(0)] string Id,
    [property: Id(1)] string Number,
    [property: Id(2)] string SupplierId,
    [property: Id(3)] string SupplierName,
    [property: Id(4)] string Status,
    [property: Id(5)] ImmutableArray<PurchaseOrderLine> Lines,
    [property: Id(6)] decimal Total,
    [property: Id(7)] string Currency,
    [property: Id(8)] DateTimeOffset? ExpectedAt,
    [property: Id(9)] string? Notes,
    [property: Id(10)] InboundDelivery Delivery,
    [property: Id(11)] SupplierPaymentSummary Payment,
    [property: Id(12)] ImmutableArray<Receipt> Receipts,
    [property: Id(13)] ImmutableArray<SupplierPayment> Payments,
    [property: Id(14)] DateTimeOffset CreatedAt,
    [property: Id(15)] DateTimeOffset UpdatedAt,
    [property: Id(16)] string CreatedBy,
    [property: Id(17)] int Version,
    [property: Id(18)] bool Overdue);
