namespace OmniBiz.GrainInterfaces.Purchasing;

/// <summary>One payment to the supplier against a purchase order.</summary>
[GenerateSerializer, Immutable, Alias("omnibiz.SupplierPayment")]
public sealed record SupplierPayment(
    [property: Id(0)] string Id,
    [property: Id(1)] decimal Amount,
    [property: Id(2)] string? Reference,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] string ActorId);
