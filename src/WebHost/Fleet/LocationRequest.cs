namespace OmniBiz.WebHost.Fleet;

public sealed record LocationRequest(string Name, string Type, double Lat, double Lng, string? Address);
