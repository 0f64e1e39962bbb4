namespace OmniBiz.GrainInterfaces.Orders;

/// <summary>One payment attempt on an order; <see cref="Status"/> is <c>succeeded</c> or <c>failed</c>.</summary>
[GenerateSerializer, Immutable, Alias("omnibiz.Payment")]
public sealed record Payment(
    [property: Id(0)] string Id,
    [property: Id(1)] decimal Amount,
    [property: Id(2)] string Method,
    [property: Id(3)] string? Reference,
    [property: Id(4)] string Status,
    [property: Id(5)] string? FailureReason,
    [property: Id(6)] DateTimeOffset At,
    [property: Id(7)] string ActorId);
