namespace OmniBiz.GrainInterfaces.Sessions;

/// <summary>One invitee's invitation: its join link is signed over the session and invitation ids.</summary>
[GenerateSerializer, Immutable, Alias("omnibiz.Invitation")]
public sealed record Invitation(
    [property: Id(0)] string InvitationId,
    [property: Id(1)] string SessionId,
    [property: Id(2)] string Email,
    [property: Id(3)] string Role,
    [property: Id(4)] string MailStatus,
    [property: Id(5)] string? MailError,
    [property: Id(6)] bool Revoked,
    [property: Id(7)] DateTimeOffset CreatedAt);
