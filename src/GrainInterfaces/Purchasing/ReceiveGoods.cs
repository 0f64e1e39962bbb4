using System.Collections.Immutable;

namespace OmniBiz.GrainInterfaces.Purchasing;

/// <summary>A receipt to record; <see cref="ReceiptId"/> comes from the request's idempotency key, so a retry is the same receipt.</summary>
[GenerateSerializer, Immutable, Alias("omnibiz.ReceiveGoods")]
public sealed record ReceiveGoods(
    [property: Id(0)] string ReceiptId,
    [property: Id(1)] ImmutableArray<ReceiptLine> Lines,
    [property: Id(2)] string? Note,
    [property: Id(3)] string ActorId);
