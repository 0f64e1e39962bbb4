using System.Collections.Immutable;

namespace OmniBiz.GrainInterfaces.Purchasing;

/// <summary>A supplier as staff see it.</summary>
[GenerateSerializer, Immutable, Alias("omnibiz.Supplier")]
public sealed record Supplier(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string? Address,
    [property: Id(3)] string? Notes,
    [property: Id(4)] int PaymentTermsDays,
    [property: Id(5)] bool Active,
    [property: Id(6)] ImmutableArray<SupplierContact> Contacts,
    [property: Id(7)] ImmutableArray<SuppliedProduct> Products,
    [property: Id(8)] DateTimeOffset CreatedAt,
    [property: Id(9)] DateTimeOffset UpdatedAt,
    [property: Id(10)] int Version);
