using System.Collections.Immutable;
using System.ComponentModel.DataAnnotations;
using OmniBiz.Grains.Purchasing;

namespace OmniBiz.WebHost.Purchasing;

/// <summary>A supplier to create or replace.</summary>
public sealed record SaveSupplierRequest(
    [property: Required, StringLength(SupplierRules.MaxNameLength)] string Name,
    [property: StringLength(SupplierRules.MaxAddressLength)] string? Address,
    [property: StringLength(SupplierRules.MaxNotesLength)] string? Notes,
    int? PaymentTermsDays,
    bool? Active,
    ImmutableArray<SupplierContactRequest?>? Contacts,
    ImmutableArray<SuppliedProductRequest?>? Products);
