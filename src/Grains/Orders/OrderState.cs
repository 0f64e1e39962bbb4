using OmniBiz.GrainInterfaces.Fleet;
using OmniBiz.GrainInterfaces.Orders;

namespace OmniBiz.Grains.Orders;

[GenerateSerializer, Alias("omnibiz.OrderState")]
public sealed class OrderState
{
    [Id(0)] public OrderPhase Phase { get; set; }
    [Id(1)] public string CustomerId { get; set; } = "";
    [Id(2)] public string OrderNumber { get; set; } = "";
    [Id(3)] public string Status { get; set; } = "";
    [Id(4)] public string ShippingAddress { get; set; } = "";
    [Id(5)] public string? Notes { get; set; }
    [Id(6)] public bool FromCart { get; set; }

    /// <summary>What the customer asked for; the products to release if placement is interrupted.</summary>
    [Id(7)] public List<OrderItemRequest> Requested { get; set; } = [];
    [Id(8)] public List<OrderLine> Lines { get; set; } = [];
    [Id(9)] public decimal Total { get; set; }
    [Id(10)] public DateTimeOffset CreatedAt { get; set; }
    [Id(11)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(12)] public List<Payment> Payments { get; set; } = [];
    [Id(13)] public List<OrderHistoryEntry> History { get; set; } = [];
    [Id(14)] public int Version { get; set; }
    [Id(15)] public string? RejectionReason { get; set; }

    // Follow-up work that touches other grains; set before it starts, cleared when done (see OrderGrain.FinishAsync).
    [Id(16)] public bool ReservationsToCommit { get; set; }
    [Id(17)] public bool CartToClear { get; set; }
    [Id(18)] public bool StockToReturn { get; set; }

    /// <summary>The delivery the order is out with, if any.</summary>
    [Id(19)] public DeliveryRef? Delivery { get; set; }

    /// <summary>
    /// The order may count among its customer's open unpaid orders (see <c>UnpaidOrdersGrain</c>); set before the count
    /// is taken, cleared once the order left pending_payment and the count was told.
    /// </summary>
    [Id(20)] public bool HoldsUnpaidSlot { get; set; }

    /// <summary>When a pending_payment order expires.</summary>
    [Id(21)] public DateTimeOffset? PayBy { get; set; }

    /// <summary>
    /// The order has one reminder for recovery and expiry (the recovery reminder moves to <see cref="PayBy"/> once
    /// placed). False for orders placed by earlier versions, which expire by a separate <c>expire</c> reminder.
    /// </summary>
    [Id(22)] public bool OneReminder { get; set; }
}

[GenerateSerializer, Alias("omnibiz.OrderPhase")]
public enum OrderPhase
{
    /// <summary>Nothing was ever placed under this id.</summary>
    None = 0,

    /// <summary>Stock is being reserved; an interruption here is undone by the recovery reminder.</summary>
    Reserving = 1,

    /// <summary>The order exists.</summary>
    Placed = 2,

    /// <summary>Placement was refused (out of stock, interrupted); nothing is held.</summary>
    Rejected = 3,
}
