namespace OmniBiz.GrainInterfaces.Sessions;

/// <summary>What a live join link opens: the session and the invitation behind the link.</summary>
[GenerateSerializer, Immutable, Alias("omnibiz.InvitationAccess")]
public sealed record InvitationAccess(
    [property: Id(0)] Session Session,
    [property: Id(1)] Invitation Invitation);
