using System.ComponentModel.DataAnnotations;
using OmniBiz.Grains.Catalog;

namespace OmniBiz.WebHost.Catalog;

public sealed record UpdateProductRequest(
    [property: Required, StringLength(ProductRules.MaxNameLength)] string Name,
    [property: StringLength(ProductRules.MaxDescriptionLength)] string? Description,
    [property: StringLength(ProductRules.MaxCategoryLength)] string? Category,
    decimal Price,
    [property: StringLength(ProductRules.MaxImageUrlLength)] string? ImageUrl,
    bool? Active,
    int? ReorderPoint = null,
    int? ReorderQuantity = null);
