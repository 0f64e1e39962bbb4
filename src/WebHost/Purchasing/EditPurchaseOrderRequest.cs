using System.Collections.Immutable;
using System.ComponentModel.DataAnnotations;
using OmniBiz.Grains.Purchasing;

namespace OmniBiz.WebHost.Purchasing;

/// <summary>A draft's new lines, expected date and notes.</summary>
public sealed record EditPurchaseOrderRequest(
    ImmutableArray<PurchaseOrderLineItem?>? Lines,
    DateTimeOffset? ExpectedAt,
    [property: StringLength(PurchaseOrderRules.MaxNotesLength)] string? Notes);
