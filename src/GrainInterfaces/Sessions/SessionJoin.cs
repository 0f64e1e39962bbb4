using System.Collections.Immutable;

namespace OmniBiz.GrainInterfaces.Sessions;

/// <summary>The answer to a join: the caller's seat, the session's status and everyone seated, at <see cref="Version"/>.</summary>
[GenerateSerializer, Immutable, Alias("omnibiz.SessionJoin")]
public sealed record SessionJoin(
    [property: Id(0)] string ParticipantId,
    [property: Id(1)] string SessionId,
    [property: Id(2)] string UserId,
    [property: Id(3)] string DisplayName,
    [property: Id(4)] string Role,
    [property: Id(5)] string Kind,
    [property: Id(6)] string SessionStatus,
    [property: Id(7)] bool Rejoined,
    [property: Id(8)] ImmutableArray<SessionParticipant> Participants,
    [property: Id(9)] long Version);
