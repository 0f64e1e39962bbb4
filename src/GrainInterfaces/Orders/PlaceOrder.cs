using System.Collections.Immutable;

namespace OmniBiz.GrainInterfaces.Orders;

/// <summary>A checkout. When <see cref="FromCart"/> is set, the ordered quantities leave the customer's cart once the order exists.</summary>
[GenerateSerializer, Immutable, Alias("omnibiz.PlaceOrder")]
public sealed record PlaceOrder(
    [property: Id(0)] string CustomerId,
    [property: Id(1)] string ShippingAddress,
    [property: Id(2)] string? Notes,
    [property: Id(3)] ImmutableArray<OrderItemRequest> Items,
    [property: Id(4)] bool FromCart);
