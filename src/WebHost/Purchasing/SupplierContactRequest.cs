using System.ComponentModel.DataAnnotations;
using OmniBiz.Grains.Purchasing;

namespace OmniBiz.WebHost.Purchasing;

public sealed record SupplierContactRequest(
    [property: Required, StringLength(SupplierRules.MaxContactNameLength)] string Name,
    [property: StringLength(SupplierRules.MaxEmailLength)] string? Email,
    [property: StringLength(SupplierRules.MaxPhoneLength)] string? Phone,
    [property: StringLength(SupplierRules.MaxRoleLength)] string? Role);
