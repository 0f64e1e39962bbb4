namespace OmniBiz.GrainInterfaces.Purchasing;

/// <summary>A payment to record; <see cref="PaymentId"/> comes from the request's idempotency key.</summary>
[GenerateSerializer, Immutable, Alias("omnibiz.PaySupplier")]
public sealed record PaySupplier(
    [property: Id(0)] string PaymentId,
    [property: Id(1)] decimal Amount,
    [property: Id(2)] string? Reference,
    [property: Id(3)] string ActorId);
