using OmniBiz.GrainInterfaces.Fleet;

namespace OmniBiz.GrainInterfaces.Orders;

/// <summary>
/// One order, keyed by order id (derived from the customer and their Idempotency-Key when they send one, so a retried
/// checkout reaches the same grain). Owns the status machine, payments and history.
/// </summary>
[Alias("omnibiz.IOrderGrain")]
public interface IOrderGrain : IGrainWithStringKey
{
    /// <summary>
    /// Places the order: prices every line from the catalog and reserves stock for all of them, or for none. Asking
    /// again answers the first result (the order, or the same refusal).
    /// </summary>
    [Alias("Place")]
    Task<Order> PlaceAsync(PlaceOrder command);

    /// <summary>The order, or null when no order was placed under this id.</summary>
    [Alias("Get")]
    Task<Order?> GetAsync();

    /// <summary>Moves the order to another status (staff); refuses transitions the status machine does not allow.</summary>
    [Alias("ChangeStatus")]
    Task<Order> ChangeStatusAsync(string status, Actor actor);

    /// <summary>Cancels the order: its customer before shipping, or staff. Returns the stock.</summary>
    [Alias("Cancel")]
    Task<Order> CancelAsync(Actor actor);

    /// <summary>Sends the order out with a delivery: a paid or processing order goes in transit (staff).</summary>
    [Alias("Dispatch")]
    Task<Order> DispatchAsync(DeliveryRef delivery, string actorId);

    /// <summary>Keeps the order's view of its delivery current (arrived); no status change.</summary>
    [Alias("NoteDelivery")]
    Task NoteDeliveryAsync(DeliveryRef delivery);

    /// <summary>The delivery was handed over: the order becomes delivered.</summary>
    [Alias("MarkDelivered")]
    Task<Order> MarkDeliveredAsync(DeliveryRef delivery, string actorId);

    /// <summary>Records a payment through the payment provider; the full amount moves a pending order to paid.</summary>
    [Alias("Pay")]
    Task<PaymentOutcome> PayAsync(PaymentRequest request, Actor actor);
}
