using System.ComponentModel.DataAnnotations;
using OmniBiz.Grains.Purchasing;

namespace OmniBiz.WebHost.Purchasing;

public sealed record PaySupplierRequest(
    decimal Amount,
    [property: StringLength(PurchaseOrderRules.MaxReferenceLength)] string? Reference);
