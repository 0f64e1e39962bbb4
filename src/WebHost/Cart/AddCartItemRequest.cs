namespace OmniBiz.WebHost.Cart;

public sealed record AddCartItemRequest(string ProductId, int Quantity);
