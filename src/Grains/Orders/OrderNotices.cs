namespace OmniBiz.Grains.Orders;

/// <summary><c>new_order</c> payload.</summary>
public sealed record NewOrderNotice(string OrderId, string OrderNumber, string CustomerId, decimal Total);

/// <summary><c>order_status_updated</c> payload.</summary>
public sealed record OrderStatusNotice(string OrderId, string OrderNumber, string Status, int Version);

/// <summary><c>payment_processed</c> payload.</summary>
public sealed record PaymentNotice(string OrderId, string OrderNumber, string PaymentId, decimal Amount, string Method, string Status, decimal Paid, decimal Due);
