namespace OmniBiz.GrainInterfaces.Catalog;

/// <summary>Stock arriving from a supplier; <see cref="Key"/> names the receipt line, so it is counted once.</summary>
[GenerateSerializer, Immutable, Alias("omnibiz.StockReceipt")]
public sealed record StockReceipt(
    [property: Id(0)] string Key,
    [property: Id(1)] int Quantity,
    [property: Id(2)] string Reason,
    [property: Id(3)] string ActorId,
    [property: Id(4)] string PurchaseOrderId);
