namespace OmniBiz.GrainInterfaces.Catalog;

/// <summary>Stock held for one order, with the name and price the order is charged at.</summary>
[GenerateSerializer, Immutable, Alias("omnibiz.StockReservation")]
public sealed record StockReservation(
    [property: Id(0)] string ProductId,
    [property: Id(1)] string OrderId,
    [property: Id(2)] int Quantity,
    [property: Id(3)] string Name,
    [property: Id(4)] decimal UnitPrice);
