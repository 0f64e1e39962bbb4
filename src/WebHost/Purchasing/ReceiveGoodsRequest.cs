using System.Collections.Immutable;
using System.ComponentModel.DataAnnotations;
using OmniBiz.Grains.Purchasing;

namespace OmniBiz.WebHost.Purchasing;

public sealed record ReceiveGoodsRequest(
    ImmutableArray<ReceiptLineRequest?>? Lines,
    [property: StringLength(PurchaseOrderRules.MaxNotesLength)] string? Note);
