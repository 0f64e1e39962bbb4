using System.Collections.Immutable;
using OmniBiz.GrainInterfaces.Fleet;

namespace OmniBiz.GrainInterfaces.Orders;

/// <summary>An order as customers and staff see it. <see cref="PayBy"/>: when an unpaid order expires.</summary>
[GenerateSerializer, Immutable, Alias("omnibiz.Order")]
public sealed record Order(
    [property: Id(0)] string Id,
    [property: Id(1)] string OrderNumber,
    [property: Id(2)] string CustomerId,
    [property: Id(3)] string Status,
    [property: Id(4)] ImmutableArray<OrderLine> Items,
    [property: Id(5)] decimal Total,
    [property: Id(6)] string ShippingAddress,
    [property: Id(7)] string? Notes,
    [property: Id(8)] DateTimeOffset CreatedAt,
    [property: Id(9)] DateTimeOffset UpdatedAt,
    [property: Id(10)] PaymentSummary Payment,
    [property: Id(11)] ImmutableArray<Payment> Payments,
    [property: Id(12)] ImmutableArray<OrderHistoryEntry> History,
    [property: Id(13)] int Version,
    [property: Id(14)] DeliveryRef? Delivery = null,
    [property: Id(15)] DateTimeOffset? PayBy = null);
