namespace OmniBiz.GrainInterfaces.Purchasing;

/// <summary>What a purchase order has been paid and still owes; <see cref="DueDate"/> follows the supplier's terms.</summary>
[GenerateSerializer, Immutable, Alias("omnibiz.SupplierPaymentSummary")]
public sealed record SupplierPaymentSummary(
    [property: Id(0)] string Status,
    [property: Id(1)] decimal Paid,
    [property: Id(2)] decimal Due,
    [property: Id(3)] DateTimeOffset DueDate);
