namespace OmniBiz.GrainInterfaces.Orders;

/// <summary>One status change: who made it, when, from what, to what.</summary>
[GenerateSerializer, Immutable, Alias("omnibiz.OrderHistoryEntry")]
public sealed record OrderHistoryEntry(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string ActorId,
    [property: Id(2)] string? From,
    [property: Id(3)] string To,
    [property: Id(4)] string? Note);
