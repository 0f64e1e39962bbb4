namespace OmniBiz.GrainInterfaces.Catalog;

/// <summary>A product as the catalog shows it.</summary>
[GenerateSerializer, Immutable, Alias("omnibiz.Product")]
public sealed record Product(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Description,
    [property: Id(3)] string Category,
    [property: Id(4)] decimal Price,
    [property: Id(5)] int Stock,
    [property: Id(6)] string? ImageUrl,
    [property: Id(7)] DateTimeOffset CreatedAt,
    [property: Id(8)] int Version,
    [property: Id(9)] bool Active = true,
    [property: Id(10)] int? ReorderPoint = null,
    [property: Id(11)] int? ReorderQuantity = null);
