namespace OmniBiz.Grains.Catalog;

/// <summary><c>reorder_suggested</c> payload: a checkout took the product's stock below its reorder point.</summary>
public sealed record ReorderNotice(string ProductId, string Name, int Stock, int ReorderPoint, int ReorderQuantity);
