namespace OmniBiz.GrainInterfaces.Orders;

/// <summary>Where an order stands on money: <c>unpaid</c>, <c>partially_paid</c>, <c>paid</c> or <c>refunded</c>.</summary>
[GenerateSerializer, Immutable, Alias("omnibiz.PaymentSummary")]
public sealed record PaymentSummary(
    [property: Id(0)] string Status,
    [property: Id(1)] decimal Paid,
    [property: Id(2)] decimal Due);
