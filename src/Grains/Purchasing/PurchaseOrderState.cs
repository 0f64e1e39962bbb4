using OmniBiz.GrainInterfaces.Purchasing;

namespace OmniBiz.Grains.Purchasing;

[GenerateSerializer, Alias("omnibiz.PurchaseOrderState")]
public sealed class PurchaseOrderState
{
    [Id(0)] public string Number { get; set; } = "";
    [Id(1)] public string SupplierId { get; set; } = "";
    [Id(2)] public string SupplierName { get; set; } = "";
    [Id(3)] public int PaymentTermsDays { get; set; }
    [Id(4)] public string Currency { get; set; } = "";
    [Id(5)] public string Status { get; set; } = "";
    [Id(6)] public List<PurchaseOrderLine> Lines { get; set; } = [];
    [Id(7)] public DateTimeOffset? ExpectedAt { get; set; }
    [Id(8)] public string? Notes { get; set; }
    [Id(9)] public InboundDelivery Delivery { get; set; } = new(InboundDeliveryStatuses.Pending, null, null, null);
    [Id(10)] public List<Receipt> Receipts { get; set; } = [];
    [Id(11)] public List<SupplierPayment> Payments { get; set; } = [];
    [Id(12)] public DateTimeOffset CreatedAt { get; set; }
    [Id(13)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(14)] public string CreatedBy { get; set; } = "";
    [Id(15)] public int Version { get; set; }

    /// <summary>
    /// Activity entries written with the state whose feed append and live push may not have happened yet: appended
    /// (idempotently, by id) after each write and again on activation, then dropped at the next write.
    /// </summary>
    [Id(16)] public List<PurchasingActivity> Unprojected { get; set; } = [];
}
