namespace OmniBiz.Grains.Catalog;

/// <summary>
/// One change of a product's stock, as kept in the <c>stock_movements</c> history: the product version it made, the
/// stock after it and when, so a delayed write still records it as it happened.
/// </summary>
public sealed record StockMovement(int Delta, string Reason, string? ActorId, string? OrderId)
{
    public int Version { get; init; }

    public int StockAfter { get; init; }

    public DateTimeOffset At { get; init; }
}
