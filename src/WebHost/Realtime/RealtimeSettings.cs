namespace OmniBiz.WebHost.Realtime;

/// <summary>The <c>OmniBiz:Realtime</c> settings.</summary>
public sealed class RealtimeSettings
{
    public const string Section = "OmniBiz:Realtime";

    /// <summary>How long a topic keeps a node that stopped renewing. Nodes renew every third of it.</summary>
    public int LeaseSeconds { get; set; } = 60;

    /// <summary>
    /// How often a connection's session is checked again: before its next hub call once this much time has passed, and
    /// for every open connection on each node at this interval (a sign-out event that was lost is caught by then).
    /// </summary>
    public int SessionRecheckSeconds { get; set; } = 5;
}
