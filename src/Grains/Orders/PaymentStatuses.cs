namespace OmniBiz.Grains.Orders;

/// <summary>Payment attempt and order payment statuses on the wire.</summary>
public static class PaymentStatuses
{
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Unpaid = "unpaid";
    public const string PartiallyPaid = "partially_paid";
    public const string Paid = "paid";
    public const string Refunded = "refunded";
}
