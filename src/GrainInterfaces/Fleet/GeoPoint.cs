namespace OmniBiz.GrainInterfaces.Fleet;

/// <summary>A point on the earth in WGS-84 degrees.</summary>
[GenerateSerializer, Immutable, Alias("omnibiz.GeoPoint")]
public sealed record GeoPoint(
    [property: Id(0)] double Lat,
    [property: Id(1)] double Lng);
