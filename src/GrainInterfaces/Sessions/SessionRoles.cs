namespace OmniBiz.GrainInterfaces.Sessions;

/// <summary>Participant roles.</summary>
public static class SessionRoles
{
    /// <summary>The session's creator and its co-hosts.</summary>
    public const string Host = "host";

    /// <summary>Sends media in a webinar.</summary>
    public const string Presenter = "presenter";

    /// <summary>Watches a webinar (no offers); a full participant of a meeting.</summary>
    public const string Attendee = "attendee";
}
