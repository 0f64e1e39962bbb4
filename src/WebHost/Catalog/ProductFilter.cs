namespace OmniBiz.WebHost.Catalog;

/// <summary>What a product list is narrowed by. Inactive products are listed for staff only.</summary>
public sealed record ProductFilter(string? Search, string? Category, bool? InStock, bool IncludeInactive);
