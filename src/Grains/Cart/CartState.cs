namespace OmniBiz.Grains.Cart;

[GenerateSerializer, Alias("omnibiz.CartState")]
public sealed class CartState
{
    [Id(0)] public List<CartItemState> Items { get; set; } = [];
    [Id(1)] public int Version { get; set; }

    /// <summary>Orders already taken out of the cart (most recent last, bounded), so a retried removal changes nothing.</summary>
    [Id(2)] public List<string> OrdersRemoved { get; set; } = [];
}

[GenerateSerializer, Alias("omnibiz.CartItemState")]
public sealed class CartItemState
{
    [Id(0)] public string ProductId { get; set; } = "";
    [Id(1)] public int Quantity { get; set; }
}
