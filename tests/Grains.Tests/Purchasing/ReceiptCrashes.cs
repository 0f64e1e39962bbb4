using System.Collections.Concurrent;
using OmniBiz.Grains.Purchasing;

namespace OmniBiz.Grains.Tests.Purchasing;

/// <summary>Makes chosen receipts fail right after they are written, before any stock is raised, the way a killed silo would leave them.</summary>
public sealed class ReceiptCrashes : IReceiptFaults
{
    public static readonly ReceiptCrashes Instance = new();

    private readonly ConcurrentDictionary<string, bool> _crash = new();

    public void CrashAfterWrite(string receiptId) => _crash[receiptId] = true;

    public Task AfterReceiptWrittenAsync(string purchaseOrderId, string receiptId) =>
        _crash.TryRemove(receiptId, out _)
            ? throw new InvalidOperationException($"Simulated crash after receipt {receiptId} of {purchaseOrderId} was written")
            : Task.CompletedTask;
}
