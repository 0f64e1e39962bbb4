namespace OmniBiz.WebHost.Orders;

public sealed record ChangeOrderStatusRequest(string Status);
