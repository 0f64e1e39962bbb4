namespace OmniBiz.WebHost.Realtime;

/// <summary>The <c>OmniBiz:Realtime</c> settings.</summary>
public sealed class RealtimeSettings
{
    public const string Section = "OmniBiz:Realtime";

    /// <summary>How long a topic keeps a node that stopped renewing. Nodes renew every third of it.</summary>
    public int LeaseSeconds { get; set; } = 60;
}
