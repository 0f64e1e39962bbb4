using System.Collections.Immutable;
using System.ComponentModel.DataAnnotations;
using OmniBiz.Grains.Purchasing;
using OmniBiz.WebHost.Common;

namespace OmniBiz.WebHost.Purchasing;

public sealed record CreatePurchaseOrderRequest(
    [property: Required, ValidId] string SupplierId,
    ImmutableArray<PurchaseOrderLineItem?>? Lines,
    DateTimeOffset? ExpectedAt,
    [property: StringLength(PurchaseOrderRules.MaxNotesLength)] string? Notes);
