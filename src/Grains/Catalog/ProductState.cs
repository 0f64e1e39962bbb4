namespace OmniBiz.Grains.Catalog;

[GenerateSerializer, Alias("omnibiz.ProductState")]
public sealed class ProductState
{
    [Id(0)] public string Name { get; set; } = "";
    [Id(1)] public string Description { get; set; } = "";
    [Id(2)] public string Category { get; set; } = "";
    [Id(3)] public decimal Price { get; set; }
    [Id(4)] public int Stock { get; set; }
    [Id(5)] public string? ImageUrl { get; set; }
    [Id(6)] public DateTimeOffset CreatedAt { get; set; }
    [Id(7)] public int Version { get; set; }
    [Id(8)] public bool Active { get; set; } = true;

    /// <summary>Stock held for orders being placed: order id → quantity.</summary>
    [Id(9)] public Dictionary<string, int> Reservations { get; set; } = [];

    /// <summary>Orders whose cancellation already put stock back (most recent last, bounded).</summary>
    [Id(10)] public List<string> RestockedOrders { get; set; } = [];

    /// <summary>Supplier receipt keys whose stock was already added (most recent last, bounded).</summary>
    [Id(11)] public List<string> ReceivedStock { get; set; } = [];

    /// <summary>Below this stock (counting open purchase orders) purchasing is prompted to reorder; null: no rule.</summary>
    [Id(12)] public int? ReorderPoint { get; set; }
    [Id(13)] public int? ReorderQuantity { get; set; }
}
