namespace OmniBiz.WebHost.Orders;

public sealed record CreatePaymentRequest(decimal Amount, string Method, string? Reference);
