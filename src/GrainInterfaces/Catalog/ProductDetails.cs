namespace OmniBiz.GrainInterfaces.Catalog;

/// <summary>What staff enter for a product.</summary>
[GenerateSerializer, Immutable, Alias("omnibiz.ProductDetails")]
public sealed record ProductDetails(
    [property: Id(0)] string Name,
    [property: Id(1)] string Description,
    [property: Id(2)] string Category,
    [property: Id(3)] decimal Price,
    [property: Id(4)] int Stock,
    [property: Id(5)] string? ImageUrl);
