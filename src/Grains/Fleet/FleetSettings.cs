namespace OmniBiz.Grains.Fleet;

/// <summary>The <c>OmniBiz:Fleet</c> settings.</summary>
public sealed class FleetSettings
{
    public const string Section = "OmniBiz:Fleet";

    /// <summary>Pings recorded longer ago than this are refused (a device replaying an old buffer).</summary>
    public TimeSpan MaxPingAge { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often each silo sends map viewers the latest positions of the vehicles that moved.</summary>
    public TimeSpan MapFeedInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>A vehicle with no ping for this long shows as offline.</summary>
    public TimeSpan OfflineAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How often a vehicle writes its latest position and odometer: a checkpoint of its trail, which is written before each
    /// ping is acknowledged and replayed from the checkpoint after a crash.
    /// </summary>
    public TimeSpan StateSaveInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How close to the destination counts as arrived.</summary>
    public double ArrivalRadiusM { get; set; } = 75;

    /// <summary>Speed assumed for an ETA while the vehicle is stopped or has no speed yet.</summary>
    public double AssumedSpeedKph { get; set; } = 25;

    /// <summary>Least time between two ETA updates of one delivery.</summary>
    public TimeSpan EtaUpdateInterval { get; set; } = TimeSpan.FromSeconds(5);
}
