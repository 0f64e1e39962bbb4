namespace OmniBiz.GrainInterfaces.Purchasing;

/// <summary>A line to order: product, quantity and unit cost (null: the supplier's listed cost).</summary>
[GenerateSerializer, Immutable, Alias("omnibiz.PurchaseOrderLineRequest")]
public sealed record PurchaseOrderLineRequest(
    [property: Id(0)] string ProductId,
    [property: Id(1)] int Quantity,
    [property: Id(2)] decimal? UnitCost);
