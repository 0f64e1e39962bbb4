namespace OmniBiz.GrainInterfaces.Purchasing;

/// <summary>A catalog product a supplier sells us: their code for it, our unit cost and their lead time.</summary>
[GenerateSerializer, Immutable, Alias("omnibiz.SuppliedProduct")]
public sealed record SuppliedProduct(
    [property: Id(0)] string ProductId,
    [property: Id(1)] string? SupplierCode,
    [property: Id(2)] decimal UnitCost,
    [property: Id(3)] int LeadTimeDays,
    [property: Id(4)] string ProductName = "");
