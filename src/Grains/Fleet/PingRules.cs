using OmniBiz.GrainInterfaces.Fleet;

namespace OmniBiz.Grains.Fleet;

/// <summary>Checks one ping on its own; answers the reason it is refused, or null.</summary>
public static class PingRules
{
    public const int MaxBatch = 500;
    public const double MaxSpeedKph = 400;
    public const double MaxAccuracyM = 1000;
    public static readonly TimeSpan MaxFuture = TimeSpan.FromMinutes(1);

    /// <summary>The reason for a ping without <c>lat</c> or <c>lng</c> (checked where the request is read, as a missing number cannot reach a <see cref="Ping"/>).</summary>
    public const string LatLngRequired = "lat and lng are required";

    public static string? Check(Ping? ping, DateTimeOffset now, TimeSpan maxAge)
    {
        if (ping is null)
        {
            return "missing ping";
        }

        if (!double.IsFinite(ping.Lat) || ping.Lat is < -90 or > 90)
        {
            return "lat must be a number from -90 to 90";
        }

        if (!double.IsFinite(ping.Lng) || ping.Lng is < -180 or > 180)
        {
            return "lng must be a number from -180 to 180";
        }

        if (ping.SpeedKph is { } speed && (!double.IsFinite(speed) || speed < 0 || speed > MaxSpeedKph))
        {
            return $"speedKph must be from 0 to {MaxSpeedKph}";
        }

        if (ping.Heading is { } heading && (!double.IsFinite(heading) || heading < 0 || heading >= 360))
        {
            return "heading must be from 0 up to 360";
        }

        if (ping.AccuracyM is { } accuracy && (!double.IsFinite(accuracy) || accuracy < 0 || accuracy > MaxAccuracyM))
        {
            return $"accuracyM must be from 0 to {MaxAccuracyM}";
        }

        if (ping.RecordedAt == default)
        {
            return "recordedAt is required";
        }

        if (ping.RecordedAt > now + MaxFuture)
        {
            return "recordedAt is more than a minute in the future";
        }

        if (ping.RecordedAt < now - maxAge)
        {
            return $"recordedAt is older than {maxAge.TotalHours:0} hours";
        }

        return null;
    }
}
