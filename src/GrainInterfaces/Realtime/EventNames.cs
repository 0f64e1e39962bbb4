namespace OmniBiz.GrainInterfaces.Realtime;

/// <summary>Server-to-client event names, fixed by CONTRACT.md.</summary>
public static class EventNames
{
    /// <summary>The user's cart changed; payload is the cart.</summary>
    public const string CartUpdated = "cart_updated";

    /// <summary>A product or its stock changed; payload is the product (to staff dashboards).</summary>
    public const string ProductUpdated = "product_updated";

    /// <summary>The customer's order was placed; payload is the order.</summary>
    public const string OrderCreated = "order_created";

    /// <summary>A new order for staff: <c>{orderId, orderNumber, customerId, total}</c>.</summary>
    public const string NewOrder = "new_order";

    /// <summary>An order moved: <c>{orderId, orderNumber, status}</c>.</summary>
    public const string OrderStatusUpdated = "order_status_updated";

    /// <summary>A payment was recorded or declined: <c>{orderId, amount, status}</c>.</summary>
    public const string PaymentProcessed = "payment_processed";
}
