using OmniBiz.GrainInterfaces.Catalog;
using OmniBiz.GrainInterfaces.Common;

namespace OmniBiz.Grains.Catalog;

/// <summary>Input rules for products, enforced by the product grain.</summary>
public static class ProductRules
{
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 4000;
    public const int MaxCategoryLength = 100;
    public const int MaxReasonLength = 500;
    public const int MaxImageUrlLength = 2000;
    public const decimal MaxPrice = 1_000_000m;
    public const int MaxStock = 10_000_000;
    public const int MaxReorderQuantity = 100_000;

    public static ProductDetails Validate(ProductDetails details)
    {
        var name = details.Name?.Trim() ?? "";
        if (name.Length == 0 || name.Length > MaxNameLength)
        {
            throw DomainException.Invalid("name", $"Name must be 1 to {MaxNameLength} characters.");
        }

        var description = details.Description?.Trim() ?? "";
        if (description.Length > MaxDescriptionLength)
        {
            throw DomainException.Invalid("description", $"Description must be at most {MaxDescriptionLength} characters.");
        }

        var category = details.Category?.Trim() ?? "";
        if (category.Length > MaxCategoryLength)
        {
            throw DomainException.Invalid("category", $"Category must be at most {MaxCategoryLength} characters.");
        }

        if (details.Price < 0 || details.Price > MaxPrice || decimal.Round(details.Price, 2) != details.Price)
        {
            throw DomainException.Invalid("price", $"Price must be between 0 and {MaxPrice} with at most 2 decimals.");
        }

        if (details.ImageUrl is { Length: > 0 } url
            && (url.Length > MaxImageUrlLength || !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")))
        {
            throw DomainException.Invalid("imageUrl", $"Image URL must be an absolute http(s) URL of at most {MaxImageUrlLength} characters.");
        }

        if (details.ReorderPoint is { } point && (point < 0 || point > MaxStock))
        {
            throw DomainException.Invalid("reorderPoint", $"Reorder point must be between 0 and {MaxStock}.");
        }

        if (details.ReorderQuantity is { } quantity && (quantity < 1 || quantity > MaxReorderQuantity))
        {
            throw DomainException.Invalid("reorderQuantity", $"Reorder quantity must be between 1 and {MaxReorderQuantity}.");
        }

        if (details.ReorderPoint.HasValue != details.ReorderQuantity.HasValue)
        {
            throw DomainException.Invalid(details.ReorderPoint.HasValue ? "reorderQuantity" : "reorderPoint", "A reorder rule needs both a reorder point and a reorder quantity.");
        }

        return details with { Name = name, Description = description, Category = category, ImageUrl = string.IsNullOrWhiteSpace(details.ImageUrl) ? null : details.ImageUrl };
    }

    public static void ValidateStock(int stock, string field = "stock")
    {
        if (stock < 0 || stock > MaxStock)
        {
            throw DomainException.Invalid(field, $"Stock must be between 0 and {MaxStock}.");
        }
    }

    public static string ValidateReason(string? reason)
    {
        var trimmed = reason?.Trim() ?? "";
        if (trimmed.Length == 0 || trimmed.Length > MaxReasonLength)
        {
            throw DomainException.Invalid("reason", $"Give a reason of 1 to {MaxReasonLength} characters.");
        }

        return trimmed;
    }
}
