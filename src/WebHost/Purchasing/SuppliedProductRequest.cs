using System.ComponentModel.DataAnnotations;
using OmniBiz.Grains.Purchasing;
using OmniBiz.WebHost.Common;

namespace OmniBiz.WebHost.Purchasing;

public sealed record SuppliedProductRequest(
    [property: Required, ValidId] string ProductId,
    [property: StringLength(SupplierRules.MaxSupplierCodeLength)] string? SupplierCode,
    decimal UnitCost,
    int? LeadTimeDays);
