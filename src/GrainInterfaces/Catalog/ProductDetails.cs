namespace OmniBiz.GrainInterfaces.Catalog;

/// <summary>What staff enter for a product. Stock is not part of it: it changes only through stock adjustments and orders.</summary>
[GenerateSerializer, Immutable, Alias("omnibiz.ProductDetails")]
public sealed record ProductDetails(
    [property: Id(0)] string Name,
    [property: Id(1)] string Description,
    [property: Id(2)] string Category,
    [property: Id(3)] decimal Price,
    [property: Id(5)] string? ImageUrl,
    [property: Id(6)] bool Active = true,
    [property: Id(7)] int? ReorderPoint = null,
    [property: Id(8)] int? ReorderQuantity = null);
