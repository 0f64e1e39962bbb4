using System.Collections.Immutable;

namespace OmniBiz.GrainInterfaces.Purchasing;

/// <summary>
/// One purchase order, keyed by purchase order id. Its status follows what was received: receipts raise catalog stock
/// exactly once (written ahead and finished by a reminder after a crash), and payments can never exceed the total.
/// </summary>
[Alias("omnibiz.IPurchaseOrderGrain")]
public interface IPurchaseOrderGrain : IGrainWithStringKey
{
    /// <summary>Creates the draft; a repeat by the same caller answers the existing order.</summary>
    [Alias("Draft")]
    Task<PurchaseOrder> DraftAsync(DraftPurchaseOrder command);

    /// <summary>Replaces lines, expected date and notes; only while the order is a draft.</summary>
    [Alias("EditDraft")]
    Task<PurchaseOrder> EditDraftAsync(ImmutableArray<PurchaseOrderLineRequest> lines, DateTimeOffset? expectedAt, string? notes, string actorId);

    /// <summary>The purchase order, or null when none exists under this id.</summary>
    [Alias("Get")]
    Task<PurchaseOrder?> GetAsync();

    /// <summary>Moves the order by hand (sent, confirmed, closed, cancelled); received statuses are derived, never set.</summary>
    [Alias("ChangeStatus")]
    Task<PurchaseOrder> ChangeStatusAsync(string status, string actorId);

    /// <summary>Records goods received and raises catalog stock once; refuses more than was ordered.</summary>
    [Alias("ReceiveGoods")]
    Task<PurchaseOrder> ReceiveGoodsAsync(ReceiveGoods command);

    /// <summary>Records where the supplier's shipment is.</summary>
    [Alias("UpdateDelivery")]
    Task<PurchaseOrder> UpdateDeliveryAsync(UpdateInboundDelivery command);

    /// <summary>Records a payment to the supplier; refuses one that would overpay the order.</summary>
    [Alias("Pay")]
    Task<PurchaseOrder> PayAsync(PaySupplier command);
}
