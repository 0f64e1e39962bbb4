namespace OmniBiz.WebHost.Catalog;

/// <summary>One entry of a product's stock history.</summary>
public sealed record StockMovementView(int Version, int Delta, int StockAfter, string Reason, string? ActorId, string? OrderId, DateTimeOffset At);
