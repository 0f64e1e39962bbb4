using System.Collections.Immutable;
using System.ComponentModel.DataAnnotations;
using OmniBiz.GrainInterfaces.Orders;
using OmniBiz.Grains.Orders;
using OmniBiz.WebHost.Common;

namespace OmniBiz.WebHost.Orders;

/// <summary>A checkout; without <see cref="Items"/> the caller's cart is ordered.</summary>
public sealed record CreateOrderRequest(
    [property: Required, StringLength(OrderRules.MaxAddressLength)] string ShippingAddress,
    [property: StringLength(OrderRules.MaxNotesLength)] string? Notes,
    ImmutableArray<OrderItemRequest>? Items) : IValidatableObject
{
    /// <summary>The lines are grain contracts, so their ids are checked here: each names a product by the id rule.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Items is not { IsDefault: false } items)
        {
            yield break;
        }

        if (items.Length > OrderRules.MaxLines)
        {
            yield return new ValidationResult($"An order may have at most {OrderRules.MaxLines} lines.", ["items"]);
            yield break;
        }

        for (var i = 0; i < items.Length; i++)
        {
            if (items[i] is null)
            {
                yield return new ValidationResult("Each line needs a productId and a quantity.", [$"items[{i}]"]);
            }
            else if (InputRules.IdProblem(items[i].ProductId) is { } problem)
            {
                yield return new ValidationResult($"productId {problem}", [$"items[{i}].productId"]);
            }
        }
    }
}
