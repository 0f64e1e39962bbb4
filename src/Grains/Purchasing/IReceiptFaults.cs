namespace OmniBiz.Grains.Purchasing;

/// <summary>
/// A seam at the point where a crash costs the most for a receipt: written to the purchase order, stock not yet raised.
/// Production registers <see cref="NoReceiptFaults"/>; crash-safety tests register one that fails there.
/// </summary>
public interface IReceiptFaults
{
    Task AfterReceiptWrittenAsync(string purchaseOrderId, string receiptId);
}

public sealed class NoReceiptFaults : IReceiptFaults
{
    public Task AfterReceiptWrittenAsync(string purchaseOrderId, string receiptId) => Task.CompletedTask;
}
