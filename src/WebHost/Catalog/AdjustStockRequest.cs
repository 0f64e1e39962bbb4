namespace OmniBiz.WebHost.Catalog;

public sealed record AdjustStockRequest(int Delta, string Reason);
