namespace OmniBiz.WebHost.Catalog;

public sealed record UpdateProductRequest(string Name, string? Description, string? Category, decimal Price, string? ImageUrl, bool? Active);
