using System.Collections.Immutable;
using OmniBiz.GrainInterfaces.Common;
using OmniBiz.GrainInterfaces.Orders;

namespace OmniBiz.Grains.Orders;

/// <summary>Input rules for checkout and payments, enforced by the order grain.</summary>
public static class OrderRules
{
    public const int MaxLines = 100;
    public const int MaxLineQuantity = 999;
    public const int MaxAddressLength = 500;
    public const int MaxNotesLength = 1000;
    public const int MaxReferenceLength = 200;

    public static readonly ImmutableArray<string> PaymentMethods = ["cash", "card_on_delivery", "bank_transfer", "test_card"];

    /// <summary>Methods that go through the payment provider: the only ones a customer may use themselves.</summary>
    public static readonly ImmutableArray<string> ProviderPaymentMethods = ["test_card"];

    /// <summary>Money taken outside the system; only staff may record it.</summary>
    public static readonly ImmutableArray<string> OfflinePaymentMethods = ["cash", "card_on_delivery", "bank_transfer"];

    /// <summary>Checks a checkout and merges repeated products into one line each.</summary>
    public static PlaceOrder Validate(PlaceOrder command)
    {
        var address = command.ShippingAddress?.Trim() ?? "";
        if (address.Length == 0 || address.Length > MaxAddressLength)
        {
            throw DomainException.Invalid("shippingAddress", $"Shipping address must be 1 to {MaxAddressLength} characters.");
        }

        var notes = string.IsNullOrWhiteSpace(command.Notes) ? null : command.Notes.Trim();
        if (notes?.Length > MaxNotesLength)
        {
            throw DomainException.Invalid("notes", $"Notes must be at most {MaxNotesLength} characters.");
        }

        if (command.Items.IsDefaultOrEmpty)
        {
            throw DomainException.Invalid("items", command.FromCart ? "The cart is empty." : "Order at least one item.");
        }

        foreach (var item in command.Items)
        {
            if (string.IsNullOrWhiteSpace(item?.ProductId))
            {
                throw DomainException.Invalid("items", "Every item names a product.");
            }

            if (item.Quantity < 1 || item.Quantity > MaxLineQuantity)
            {
                throw DomainException.Invalid("items", $"Quantities must be between 1 and {MaxLineQuantity}.");
            }
        }

        var merged = command.Items
            .GroupBy(i => i.ProductId, StringComparer.Ordinal)
            .Select(g => new OrderItemRequest(g.Key, g.Sum(i => i.Quantity)))
            .OrderBy(i => i.ProductId, StringComparer.Ordinal)
            .ToImmutableArray();
        if (merged.Length > MaxLines)
        {
            throw DomainException.Invalid("items", $"An order holds at most {MaxLines} different products.");
        }

        if (merged.Any(i => i.Quantity > MaxLineQuantity))
        {
            throw DomainException.Invalid("items", $"Quantities must be between 1 and {MaxLineQuantity}.");
        }

        return command with { ShippingAddress = address, Notes = notes, Items = merged };
    }

    public static void Validate(PaymentRequest request)
    {
        if (request.Amount <= 0 || decimal.Round(request.Amount, 2) != request.Amount)
        {
            throw DomainException.Invalid("amount", "Amount must be positive with at most 2 decimals.");
        }

        if (!PaymentMethods.Contains(request.Method))
        {
            throw DomainException.Invalid("method", $"Method must be one of {string.Join(", ", PaymentMethods)}.");
        }

        if (request.Reference?.Length > MaxReferenceLength)
        {
            throw DomainException.Invalid("reference", $"Reference must be at most {MaxReferenceLength} characters.");
        }
    }
}
