using System.Collections.Immutable;

namespace OmniBiz.GrainInterfaces.Orders;

/// <summary>Order statuses as they appear on the wire, and which may follow which.</summary>
public static class OrderStatuses
{
    public const string PendingPayment = "pending_payment";
    public const string Paid = "paid";
    public const string Processing = "processing";
    public const string InTransit = "in_transit";
    public const string Delivered = "delivered";
    public const string Cancelled = "cancelled";
    public const string Refunded = "refunded";

    /// <summary>Not paid in time: the order lapsed and its stock went back on the shelf.</summary>
    public const string Expired = "expired";

    public static readonly ImmutableArray<string> All = [PendingPayment, Paid, Processing, InTransit, Delivered, Cancelled, Refunded, Expired];

    /// <summary>The statuses an order may move to from each status.</summary>
    public static readonly ImmutableDictionary<string, ImmutableArray<string>> Next = new Dictionary<string, ImmutableArray<string>>
    {
        [PendingPayment] = [Paid, Cancelled, Expired],
        [Paid] = [Processing, Cancelled, Refunded],
        [Processing] = [InTransit, Cancelled, Refunded],
        [InTransit] = [Delivered],
        [Delivered] = [Refunded],
        [Cancelled] = [],
        [Refunded] = [],
        [Expired] = [],
    }.ToImmutableDictionary();

    /// <summary>Statuses in which the goods have not left: a customer may still cancel, and cancelling restocks.</summary>
    public static readonly ImmutableArray<string> BeforeShipping = [PendingPayment, Paid, Processing];
}
