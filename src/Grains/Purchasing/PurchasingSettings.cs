namespace OmniBiz.Grains.Purchasing;

/// <summary>The <c>OmniBiz:Purchasing</c> settings.</summary>
public sealed class PurchasingSettings
{
    public const string Section = "OmniBiz:Purchasing";

    /// <summary>The store's currency, which every purchase order is in.</summary>
    public string Currency { get; set; } = "USD";

    /// <summary>How far past the ordered quantity a line may be received, in percent of it (0: not at all).</summary>
    public decimal ReceiptTolerancePercent { get; set; }

    /// <summary>How long after an interrupted receipt the recovery reminder raises the stock it had not yet raised.</summary>
    public TimeSpan RecoveryDelay { get; set; } = TimeSpan.FromMinutes(1);
}
