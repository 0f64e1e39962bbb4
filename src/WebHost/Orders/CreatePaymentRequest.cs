using System.ComponentModel.DataAnnotations;
using OmniBiz.Grains.Orders;

namespace OmniBiz.WebHost.Orders;

public sealed record CreatePaymentRequest(
    decimal Amount,
    [property: Required, StringLength(50)] string Method,
    [property: StringLength(OrderRules.MaxReferenceLength)] string? Reference);
