using OmniBiz.GrainInterfaces.Sessions;

namespace OmniBiz.WebHost.Sessions;

/// <summary>What a join link opens: the session and who the link is for.</summary>
public sealed record JoinLinkView(Session Session, string InvitationId, string Email, string Role);
