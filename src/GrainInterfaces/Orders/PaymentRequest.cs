namespace OmniBiz.GrainInterfaces.Orders;

/// <summary>A payment to record. The same <see cref="IdempotencyKey"/> on one order always answers the first outcome.</summary>
[GenerateSerializer, Immutable, Alias("omnibiz.PaymentRequest")]
public sealed record PaymentRequest(
    [property: Id(0)] decimal Amount,
    [property: Id(1)] string Method,
    [property: Id(2)] string? Reference,
    [property: Id(3)] string IdempotencyKey,
    [property: Id(4)] string ActorId);
