using OmniBiz.GrainInterfaces.Purchasing;

namespace OmniBiz.Grains.Purchasing;

[GenerateSerializer, Alias("omnibiz.SupplierState")]
public sealed class SupplierState
{
    [Id(0)] public string Name { get; set; } = "";
    [Id(1)] public string? Address { get; set; }
    [Id(2)] public string? Notes { get; set; }
    [Id(3)] public int PaymentTermsDays { get; set; }
    [Id(4)] public bool Active { get; set; } = true;
    [Id(5)] public List<SupplierContact> Contacts { get; set; } = [];
    [Id(6)] public List<SuppliedProduct> Products { get; set; } = [];
    [Id(7)] public DateTimeOffset CreatedAt { get; set; }
    [Id(8)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(9)] public string CreatedBy { get; set; } = "";
    [Id(10)] public int Version { get; set; }
}
