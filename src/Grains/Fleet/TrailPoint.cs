namespace OmniBiz.Grains.Fleet;

/// <summary>One row of the trail table.</summary>
public readonly record struct TrailPoint(string VehicleId, DateTimeOffset RecordedAt, double Lat, double Lng, float? SpeedKph, float? Heading, float? AccuracyM);
