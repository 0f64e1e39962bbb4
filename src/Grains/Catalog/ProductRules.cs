using OmniBiz.GrainInterfaces.Catalog;
using OmniBiz.GrainInterfaces.Common;

namespace OmniBiz.Grains.Catalog;

/// <summary>Input rules for products, enforced by the product grain.</summary>
public static class ProductRules
{
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 4000;
    public const int MaxCategoryLength = 100;
    public const decimal MaxPrice = 1_000_000m;

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

        if (details.Stock < 0)
        {
            throw DomainException.Invalid("stock", "Stock cannot be negative.");
        }

        if (details.ImageUrl is { Length: > 0 } url && !Uri.TryCreate(url, UriKind.Absolute, out _))
        {
            throw DomainException.Invalid("imageUrl", "Image URL must be an absolute URL.");
        }

        return details with { Name = name, Description = description, Category = category };
    }
}
