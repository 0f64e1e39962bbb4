using System.Collections.Immutable;
using System.ComponentModel.DataAnnotations;
using OmniBiz.GrainInterfaces.Orders;
using OmniBiz.Grains.Orders;

namespace OmniBiz.WebHost.Orders;

/// <summary>A checkout; without <see cref="Items"/> the caller's cart is ordered.</summary>
public sealed record CreateOrderRequest(
    [property: Required, StringLength(OrderRules.MaxAddressLength)] string ShippingAddress,
    [property: StringLength(OrderRules.MaxNotesLength)] string? Notes,
    ImmutableArray<OrderItemRequest>? Items);
