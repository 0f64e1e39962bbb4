namespace OmniBiz.WebHost.Fleet;

public sealed record TrailPointView(double Lat, double Lng, float? SpeedKph, float? Heading, float? AccuracyM, DateTimeOffset RecordedAt);
