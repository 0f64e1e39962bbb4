using System.Collections.Immutable;

namespace OmniBiz.GrainInterfaces.Purchasing;

/// <summary>A new purchase order, created as a draft.</summary>
[GenerateSerializer, Immutable, Alias("omnibiz.DraftPurchaseOrder")]
public sealed record DraftPurchaseOrder(
    [property: Id(0)] string SupplierId,
    [property: Id(1)] ImmutableArray<PurchaseOrderLineRequest> Lines,
    [property: Id(2)] DateTimeOffset? ExpectedAt,
    [property: Id(3)] string? Notes,
    [property: Id(4)] string ActorId);
