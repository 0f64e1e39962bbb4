namespace OmniBiz.GrainInterfaces.Cart;

/// <summary>One line of a cart, priced from the catalog.</summary>
[GenerateSerializer, Immutable, Alias("omnibiz.CartLine")]
public sealed record CartLine(
    [property: Id(0)] string ProductId,
    [property: Id(1)] string Name,
    [property: Id(2)] decimal UnitPrice,
    [property: Id(3)] int Quantity,
    [property: Id(4)] decimal LineTotal);
