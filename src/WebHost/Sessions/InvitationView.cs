namespace OmniBiz.WebHost.Sessions;

/// <summary>An invitation as its host sees it: the join link and where its mail is.</summary>
public sealed record InvitationView(string InvitationId, string Email, string Role, string JoinUrl, string MailStatus, string? MailError, bool Revoked);
