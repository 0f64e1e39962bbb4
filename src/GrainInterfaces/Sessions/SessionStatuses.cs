namespace OmniBiz.GrainInterfaces.Sessions;

/// <summary>Session statuses: <c>scheduled → live → ended</c>, or <c>cancelled</c> before it went live.</summary>
public static class SessionStatuses
{
    /// <summary>Not started; joiners wait in the lobby.</summary>
    public const string Scheduled = "scheduled";

    /// <summary>The host started it.</summary>
    public const string Live = "live";

    /// <summary>Over; admits no one.</summary>
    public const string Ended = "ended";

    /// <summary>Called off before it went live; admits no one.</summary>
    public const string Cancelled = "cancelled";
}
