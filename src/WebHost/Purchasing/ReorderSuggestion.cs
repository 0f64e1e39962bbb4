namespace OmniBiz.WebHost.Purchasing;

/// <summary>
/// A product whose stock plus what open purchase orders bring in is below its reorder point, with the supplier that
/// lists it cheapest (null when none does) and the quantity that restores the point (at least the reorder quantity).
/// </summary>
public sealed record ReorderSuggestion(
    string ProductId,
    string ProductName,
    int Stock,
    int Incoming,
    int ReorderPoint,
    int ReorderQuantity,
    int SuggestedQuantity,
    string? SupplierId,
    string? SupplierName,
    decimal? UnitCost,
    int? LeadTimeDays);
