namespace OmniBiz.WebHost.Catalog;

public sealed record CreateProductRequest(string Name, string? Description, string? Category, decimal Price, int Stock, string? ImageUrl, bool? Active);
