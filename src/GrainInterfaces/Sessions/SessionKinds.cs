using System.Collections.Immutable;

namespace OmniBiz.GrainInterfaces.Sessions;

/// <summary>The kinds of live session.</summary>
public static class SessionKinds
{
    /// <summary>Everyone may send offers.</summary>
    public const string Meeting = "meeting";

    /// <summary>Hosts and presenters send media; attendees may not send offers.</summary>
    public const string Webinar = "webinar";

    /// <summary>Every kind.</summary>
    public static readonly ImmutableArray<string> All = [Meeting, Webinar];
}
