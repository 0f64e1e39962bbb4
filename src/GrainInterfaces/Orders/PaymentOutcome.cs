namespace OmniBiz.GrainInterfaces.Orders;

/// <summary>The payment attempt and the order after it.</summary>
[GenerateSerializer, Immutable, Alias("omnibiz.PaymentOutcome")]
public sealed record PaymentOutcome(
    [property: Id(0)] Payment Payment,
    [property: Id(1)] Order Order);
