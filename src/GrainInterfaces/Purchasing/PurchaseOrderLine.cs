namespace OmniBiz.GrainInterfaces.Purchasing;

/// <summary>One ordered product and how much of it has arrived.</summary>
[GenerateSerializer, Immutable, Alias("omnibiz.PurchaseOrderLine")]
public sealed record PurchaseOrderLine(
    [property: Id(0)] string ProductId,
    [property: Id(1)] string ProductName,
    [property: Id(2)] int Quantity,
    [property: Id(3)] decimal UnitCost,
    [property: Id(4)] int Received,
    [property: Id(5)] decimal LineTotal);
