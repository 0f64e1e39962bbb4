namespace OmniBiz.WebHost.Cart;

public sealed record SetCartQuantityRequest(int? Quantity);
