namespace OmniBiz.GrainInterfaces.Orders;

/// <summary>One line of an order, priced from the catalog when the order was placed.</summary>
[GenerateSerializer, Immutable, Alias("omnibiz.OrderLine")]
public sealed record OrderLine(
    [property: Id(0)] string ProductId,
    [property: Id(1)] string Name,
    [property: Id(2)] decimal UnitPrice,
    [property: Id(3)] int Quantity,
    [property: Id(4)] decimal LineTotal);
