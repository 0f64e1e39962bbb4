namespace OmniBiz.Dashboard.Fleet;

/// <summary>Web Mercator in map units (0..1 across the world), so tiles and the plain grid share one drawing.</summary>
public static class Projection
{
    public static double X(double lng) => (lng + 180) / 360;

    public static double Y(double lat)
    {
        var clamped = Math.Clamp(lat, -85.05, 85.05) * Math.PI / 180;
        return (1 - (Math.Log(Math.Tan(clamped) + (1 / Math.Cos(clamped))) / Math.PI)) / 2;
    }
}
