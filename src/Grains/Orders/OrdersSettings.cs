namespace OmniBiz.Grains.Orders;

/// <summary>The <c>OmniBiz:Orders</c> settings.</summary>
public sealed class OrdersSettings
{
    public const string Section = "OmniBiz:Orders";

    /// <summary>
    /// How long after an interrupted placement or cancellation the recovery reminder finishes it (releases held stock,
    /// returns stock). Orleans does not allow reminders more often than once a minute unless configured otherwise.
    /// </summary>
    public TimeSpan RecoveryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long an order may stay pending_payment before it expires and its stock goes back.</summary>
    public TimeSpan PaymentTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How many pending_payment orders one customer may hold at once; 0 turns the cap off.</summary>
    public int MaxUnpaidPerCustomer { get; set; } = 5;
}
