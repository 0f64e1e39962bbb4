using System.Collections.Immutable;
using OmniBiz.GrainInterfaces.Sessions;

namespace OmniBiz.WebHost.Sessions;

/// <summary>
/// The answer to the hub's <c>JoinSession</c>: the seat as the session grain granted it, plus the ICE servers for this
/// participant. Guests cannot call the REST endpoint for ICE servers, so the join answer is where every participant
/// gets them.
/// </summary>
public sealed record JoinedSession(
    string ParticipantId,
    string SessionId,
    string UserId,
    string DisplayName,
    string Role,
    string Kind,
    string SessionStatus,
    bool Rejoined,
    ImmutableArray<SessionParticipant> Participants,
    long Version,
    IReadOnlyList<IceServer> IceServers)
{
    public static JoinedSession From(SessionJoin join, IReadOnlyList<IceServer> iceServers) => new(
        join.ParticipantId, join.SessionId, join.UserId, join.DisplayName, join.Role, join.Kind, join.SessionStatus, join.Rejoined,
        join.Participants, join.Version, iceServers);
}
