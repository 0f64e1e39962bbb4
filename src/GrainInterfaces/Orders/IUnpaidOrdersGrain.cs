using System.Collections.Immutable;

namespace OmniBiz.GrainInterfaces.Orders;

/// <summary>
/// One customer's open unpaid orders, keyed by customer id. Caps how many pending_payment orders a customer may hold:
/// every placement asks here first, one at a time, so concurrent checkouts cannot pass the cap together.
/// </summary>
[Alias("omnibiz.IUnpaidOrdersGrain")]
public interface IUnpaidOrdersGrain : IGrainWithStringKey
{
    /// <summary>Counts the order as open and unpaid; refuses (conflict) when the customer is at the cap. Asking again for the same order changes nothing.</summary>
    [Alias("Open")]
    Task OpenAsync(string orderId);

    /// <summary>The order left pending_payment (paid, cancelled, expired) or was never placed; repeating it changes nothing.</summary>
    [Alias("Close")]
    Task CloseAsync(string orderId);

    /// <summary>The orders counted as open and unpaid.</summary>
    [Alias("GetOpen")]
    Task<ImmutableArray<string>> GetOpenAsync();
}
