using System.Collections.Immutable;

namespace OmniBiz.GrainInterfaces.Purchasing;

/// <summary>
/// Purchase order statuses and which may follow which. <see cref="PartiallyReceived"/> and <see cref="Received"/> are
/// derived from line quantities by the purchase order grain and are never set by hand.
/// </summary>
public static class PurchaseOrderStatuses
{
    public const string Draft = "draft";
    public const string Sent = "sent";
    public const string Confirmed = "confirmed";
    public const string PartiallyReceived = "partially_received";
    public const string Received = "received";
    public const string Closed = "closed";
    public const string Cancelled = "cancelled";

    public static readonly ImmutableArray<string> All = [Draft, Sent, Confirmed, PartiallyReceived, Received, Closed, Cancelled];

    /// <summary>The statuses staff may set by hand.</summary>
    public static readonly ImmutableArray<string> Manual = [Sent, Confirmed, Closed, Cancelled];

    /// <summary>The statuses staff may move a purchase order to by hand, from each status.</summary>
    public static readonly ImmutableDictionary<string, ImmutableArray<string>> ManualNext = new Dictionary<string, ImmutableArray<string>>
    {
        [Draft] = [Sent, Confirmed, Cancelled],
        [Sent] = [Confirmed, Cancelled],
        [Confirmed] = [Cancelled],
        [PartiallyReceived] = [Closed],
        [Received] = [Closed],
        [Closed] = [],
        [Cancelled] = [],
    }.ToImmutableDictionary();

    /// <summary>Statuses in which goods may be received.</summary>
    public static readonly ImmutableArray<string> Receivable = [Sent, Confirmed, PartiallyReceived];

    /// <summary>Statuses whose unreceived quantities are still expected (open purchase orders).</summary>
    public static readonly ImmutableArray<string> Open = [Draft, Sent, Confirmed, PartiallyReceived];
}
