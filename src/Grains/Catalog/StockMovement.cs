namespace OmniBiz.Grains.Catalog;

/// <summary>One change of a product's stock, as kept in the <c>stock_movements</c> history.</summary>
public sealed record StockMovement(int Delta, string Reason, string? ActorId, string? OrderId);
