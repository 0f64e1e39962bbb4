namespace OmniBiz.GrainInterfaces.Purchasing;

/// <summary>A purchase order's payment status, derived from what was paid against its total.</summary>
public static class SupplierPaymentStatuses
{
    public const string Unpaid = "unpaid";
    public const string PartiallyPaid = "partially_paid";
    public const string Paid = "paid";
}
