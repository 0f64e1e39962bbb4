namespace OmniBiz.GrainInterfaces.Purchasing;

/// <summary>Units of one product counted in.</summary>
[GenerateSerializer, Immutable, Alias("omnibiz.ReceiptLine")]
public sealed record ReceiptLine(
    [property: Id(0)] string ProductId,
    [property: Id(1)] int Quantity);
