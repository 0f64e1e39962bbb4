using System.Collections.Immutable;

namespace OmniBiz.GrainInterfaces.Cart;

/// <summary>The cart as <c>GET /api/cart</c> and <c>cart_updated</c> show it.</summary>
[GenerateSerializer, Immutable, Alias("omnibiz.CartView")]
public sealed record CartView(
    [property: Id(0)] ImmutableArray<CartLine> Items,
    [property: Id(1)] int Count,
    [property: Id(2)] decimal Total,
    [property: Id(3)] int Version);
