using System.Collections.Immutable;
using OmniBiz.GrainInterfaces.Orders;

namespace OmniBiz.WebHost.Orders;

/// <summary>A checkout; without <see cref="Items"/> the caller's cart is ordered.</summary>
public sealed record CreateOrderRequest(string ShippingAddress, string? Notes, ImmutableArray<OrderItemRequest>? Items);
