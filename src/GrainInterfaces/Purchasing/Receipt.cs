using System.Collections.Immutable;

namespace OmniBiz.GrainInterfaces.Purchasing;

/// <summary>Goods counted in against a purchase order. <see cref="StockApplied"/> tells whether catalog stock was raised yet.</summary>
[GenerateSerializer, Immutable, Alias("omnibiz.Receipt")]
public sealed record Receipt(
    [property: Id(0)] string Id,
    [property: Id(1)] ImmutableArray<ReceiptLine> Lines,
    [property: Id(2)] string? Note,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] string ActorId,
    [property: Id(5)] bool StockApplied);
