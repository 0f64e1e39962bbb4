namespace OmniBiz.Grains.Sessions;

/// <summary>The <c>OmniBiz:Sessions</c> settings the session grains use.</summary>
public sealed class SessionsSettings
{
    public const string Section = "OmniBiz:Sessions";

    /// <summary>How long a participant whose connection dropped keeps its seat; rejoining within it keeps the same participant.</summary>
    public TimeSpan DepartureGrace { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>A live session with no one seated for this long ends by itself.</summary>
    public TimeSpan EmptyTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Seats taken and freed reach the sessions list (its <c>participantCount</c>) this long after the first of them:
    /// a join storm writes the list row a few times, not once per seat.
    /// </summary>
    public TimeSpan SeatProjectionDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A live session ends by itself this long after its scheduled end.</summary>
    public TimeSpan EndGrace { get; set; } = TimeSpan.FromMinutes(30);
}
