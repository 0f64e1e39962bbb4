namespace OmniBiz.GrainInterfaces.Orders;

/// <summary>A product and quantity a customer asks to order; never a price.</summary>
[GenerateSerializer, Immutable, Alias("omnibiz.OrderItemRequest")]
public sealed record OrderItemRequest(
    [property: Id(0)] string ProductId,
    [property: Id(1)] int Quantity);
