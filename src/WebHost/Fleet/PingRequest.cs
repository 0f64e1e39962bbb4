namespace OmniBiz.WebHost.Fleet;

/// <summary>One GPS fix as a device posts it; <see cref="Lat"/> and <see cref="Lng"/> may be missing and are then refused.</summary>
public sealed record PingRequest(double? Lat, double? Lng, double? SpeedKph, double? Heading, double? AccuracyM, DateTimeOffset RecordedAt);
