namespace OmniBiz.GrainInterfaces.Sessions;

/// <summary>
/// A connection asks for a seat. <see cref="InvitationId"/> comes from a verified join link or guest token; null for
/// hosts and for signed-in invitees (matched by <see cref="Email"/>). A new seat takes <see cref="ProposedParticipantId"/>,
/// whose signal topic the connection joined before asking, so no signal sent to it right after the join is lost.
/// <see cref="NodeSilo"/> is the silo co-hosted by the web node holding the connection: when membership declares it
/// dead, the seat starts its departure grace as if the connection had dropped.
/// </summary>
[GenerateSerializer, Immutable, Alias("omnibiz.JoinSession")]
public sealed record JoinSession(
    [property: Id(0)] string UserId,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] string? Email,
    [property: Id(3)] string? InvitationId,
    [property: Id(4)] string ConnectionId,
    [property: Id(5)] string ProposedParticipantId,
    [property: Id(6)] SiloAddress? NodeSilo = null);
