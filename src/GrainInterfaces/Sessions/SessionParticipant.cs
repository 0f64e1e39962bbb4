namespace OmniBiz.GrainInterfaces.Sessions;

/// <summary>
/// One seat in a session. <see cref="Waiting"/>: in the lobby until the host starts the session (the seat is held).
/// <see cref="Away"/>: the connection dropped and the departure grace is running (the seat is held).
/// </summary>
[GenerateSerializer, Immutable, Alias("omnibiz.SessionParticipant")]
public sealed record SessionParticipant(
    [property: Id(0)] string ParticipantId,
    [property: Id(1)] string SessionId,
    [property: Id(2)] string UserId,
    [property: Id(3)] string DisplayName,
    [property: Id(4)] string Role,
    [property: Id(5)] bool Waiting,
    [property: Id(6)] bool Away);
