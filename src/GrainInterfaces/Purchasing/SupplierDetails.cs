using System.Collections.Immutable;

namespace OmniBiz.GrainInterfaces.Purchasing;

/// <summary>Everything staff set on a supplier (create and replace).</summary>
[GenerateSerializer, Immutable, Alias("omnibiz.SupplierDetails")]
public sealed record SupplierDetails(
    [property: Id(0)] string Name,
    [property: Id(1)] string? Address,
    [property: Id(2)] string? Notes,
    [property: Id(3)] int PaymentTermsDays,
    [property: Id(4)] bool Active,
    [property: Id(5)] ImmutableArray<SupplierContact> Contacts,
    [property: Id(6)] ImmutableArray<SuppliedProduct> Products);
