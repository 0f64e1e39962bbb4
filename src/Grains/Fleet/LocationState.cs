namespace OmniBiz.Grains.Fleet;

[GenerateSerializer, Alias("omnibiz.LocationState")]
public sealed class LocationState
{
    [Id(0)] public string Name { get; set; } = "";
    [Id(1)] public string Type { get; set; } = "";
    [Id(2)] public double Lat { get; set; }
    [Id(3)] public double Lng { get; set; }
    [Id(4)] public string? Address { get; set; }
    [Id(5)] public DateTimeOffset CreatedAt { get; set; }
    [Id(6)] public int Version { get; set; }
    [Id(7)] public bool Deleted { get; set; }
}
