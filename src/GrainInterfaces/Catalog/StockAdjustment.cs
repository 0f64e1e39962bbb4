namespace OmniBiz.GrainInterfaces.Catalog;

/// <summary>A manual stock change by staff: a delivery counted in, breakage, a stock-take correction.</summary>
[GenerateSerializer, Immutable, Alias("omnibiz.StockAdjustment")]
public sealed record StockAdjustment(
    [property: Id(0)] int Delta,
    [property: Id(1)] string Reason,
    [property: Id(2)] string ActorId);
