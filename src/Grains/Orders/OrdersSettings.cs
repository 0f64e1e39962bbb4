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
}
