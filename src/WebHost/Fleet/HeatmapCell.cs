namespace OmniBiz.WebHost.Fleet;

/// <summary>One grid cell: its centre, the vehicle-seconds spent in it, and the pings that fell in it.</summary>
public sealed record HeatmapCell(double Lat, double Lng, double Seconds, long Pings);
