using System.Collections.Immutable;
using OmniBiz.GrainInterfaces.Common;
using OmniBiz.GrainInterfaces.Purchasing;

namespace OmniBiz.Grains.Purchasing;

/// <summary>Input rules for purchase orders, receipts, deliveries and supplier payments, enforced by the purchase order grain.</summary>
public static class PurchaseOrderRules
{
    public const int MaxLines = 100;
    public const int MaxLineQuantity = 100_000;
    public const int MaxNotesLength = 1000;
    public const int MaxReferenceLength = 200;
    public const int MaxCarrierLength = 100;
    public const int MaxTrackingNumberLength = 100;

    public static void ValidateLines(ImmutableArray<PurchaseOrderLineRequest> lines)
    {
        if (lines.IsDefaultOrEmpty)
        {
            throw DomainException.Invalid("lines", "Order at least one product.");
        }

        if (lines.Length > MaxLines)
        {
            throw DomainException.Invalid("lines", $"A purchase order holds at most {MaxLines} lines.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (string.IsNullOrWhiteSpace(line?.ProductId))
            {
                throw DomainException.Invalid($"lines[{i}].productId", "Every line names a product.");
            }

            if (!seen.Add(line.ProductId))
            {
                throw DomainException.Invalid($"lines[{i}].productId", $"Product '{line.ProductId}' is on two lines; order it on one.");
            }

            Quantity(line.Quantity, $"lines[{i}].quantity");
            if (line.UnitCost is { } cost)
            {
                SupplierRules.Cost(cost, $"lines[{i}].unitCost");
            }
        }
    }

    /// <summary>Checks a receipt's lines and merges repeated products into one line each.</summary>
    public static ImmutableArray<ReceiptLine> ValidateReceipt(ReceiveGoods command)
    {
        if (command.Lines.IsDefaultOrEmpty)
        {
            throw DomainException.Invalid("lines", "A receipt counts in at least one product.");
        }

        if (command.Lines.Length > MaxLines)
        {
            throw DomainException.Invalid("lines", $"A receipt holds at most {MaxLines} lines.");
        }

        for (var i = 0; i < command.Lines.Length; i++)
        {
            var line = command.Lines[i];
            if (string.IsNullOrWhiteSpace(line?.ProductId))
            {
                throw DomainException.Invalid($"lines[{i}].productId", "Every line names a product.");
            }

            Quantity(line.Quantity, $"lines[{i}].quantity");
        }

        Text(command.Note, "note", MaxNotesLength);
        return [.. command.Lines.GroupBy(l => l.ProductId, StringComparer.Ordinal).Select(g => new ReceiptLine(g.Key, g.Sum(l => l.Quantity)))];
    }

    public static void ValidatePayment(PaySupplier command)
    {
        if (command.Amount <= 0 || decimal.Round(command.Amount, 2) != command.Amount)
        {
            throw DomainException.Invalid("amount", "Amount must be positive with at most 2 decimals.");
        }

        Text(command.Reference, "reference", MaxReferenceLength);
    }

    public static void ValidateDelivery(UpdateInboundDelivery command)
    {
        if (!InboundDeliveryStatuses.All.Contains(command.Status))
        {
            throw DomainException.Invalid("status", $"Unknown delivery status '{command.Status}'. Statuses are {string.Join(", ", InboundDeliveryStatuses.All)}.");
        }

        Text(command.Carrier, "carrier", MaxCarrierLength);
        Text(command.TrackingNumber, "trackingNumber", MaxTrackingNumberLength);
    }

    public static string? Text(string? value, string field, int max)
    {
        var trimmed = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        return trimmed?.Length > max ? throw DomainException.Invalid(field, $"{field} must be at most {max} characters.") : trimmed;
    }

    private static void Quantity(int quantity, string field)
    {
        if (quantity is < 1 or > MaxLineQuantity)
        {
            throw DomainException.Invalid(field, $"Quantities must be between 1 and {MaxLineQuantity}.");
        }
    }
}
