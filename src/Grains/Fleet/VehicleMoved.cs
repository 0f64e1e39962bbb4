namespace OmniBiz.Grains.Fleet;

/// <summary>One entry of a <c>vehicles_moved</c> batch.</summary>
public sealed record VehicleMoved(string VehicleId, double Lat, double Lng, double SpeedKph, double? Heading, DateTimeOffset RecordedAt, bool Moving);
