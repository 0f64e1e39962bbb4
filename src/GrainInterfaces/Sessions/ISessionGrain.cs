using System.Collections.Immutable;

namespace OmniBiz.GrainInterfaces.Sessions;

/// <summary>
/// One live session, keyed by id. It alone decides who holds a seat, so capacity holds across every node: one call at
/// a time per activation, and each seat is written before the join is answered.
/// </summary>
[Alias("omnibiz.ISessionGrain")]
public interface ISessionGrain : IGrainWithStringKey
{
    /// <summary>Schedules the session (a retry with the same host answers the same session).</summary>
    [Alias("Create")]
    Task<Session> CreateAsync(CreateSession command);

    /// <summary>The session, or null when it does not exist.</summary>
    [Alias("Get")]
    Task<Session?> GetAsync();

    /// <summary>The session if the viewer may see it (hosts, staff, invitees by e-mail), else null.</summary>
    [Alias("GetFor")]
    Task<Session?> GetForAsync(string userId, string? email, bool isStaff);

    /// <summary>Moves a scheduled session (host); invitees online are told.</summary>
    [Alias("Reschedule")]
    Task<Session> RescheduleAsync(string actorId, DateTimeOffset scheduledAt, int? durationMinutes);

    /// <summary>Calls off a scheduled session (host); it admits no one after.</summary>
    [Alias("Cancel")]
    Task<Session> CancelAsync(string actorId);

    /// <summary>Goes live (host): the lobby is let in and hears <c>session_started</c>.</summary>
    [Alias("Start")]
    Task<Session> StartAsync(string actorId);

    /// <summary>Ends the session (host): everyone hears <c>session_ended</c>.</summary>
    [Alias("End")]
    Task<Session> EndAsync(string actorId);

    /// <summary>Makes a user a co-host (host).</summary>
    [Alias("AddCoHost")]
    Task<Session> AddCoHostAsync(string actorId, string userId);

    /// <summary>
    /// Stores one invitation per new address (host); each is mailed from the outbox when <paramref name="mail"/>,
    /// else marked <c>not_sent</c>. Registered invitees online hear <c>session_invited</c>.
    /// </summary>
    [Alias("Invite")]
    Task<ImmutableArray<Invitation>> InviteAsync(string actorId, ImmutableArray<string> emails, string role, bool mail);

    /// <summary>Every invitation with its mail status (host).</summary>
    [Alias("GetInvitations")]
    Task<ImmutableArray<Invitation>> GetInvitationsAsync(string actorId);

    /// <summary>Revokes an invitation (host): its link stops working at once.</summary>
    [Alias("Revoke")]
    Task RevokeInvitationAsync(string actorId, string invitationId);

    /// <summary>What a join link opens; refuses a revoked link or a session that is over.</summary>
    [Alias("OpenInvitation")]
    Task<InvitationAccess> OpenInvitationAsync(string invitationId);

    /// <summary>Records the outbox's result for an invitation's mail.</summary>
    [Alias("MailResult")]
    Task MailResultAsync(string invitationId, string status, string? error);

    /// <summary>Takes a seat, up to capacity; the same identity within its departure grace keeps its seat.</summary>
    [Alias("Join")]
    Task<SessionJoin> JoinAsync(JoinSession command);

    /// <summary>Gives up a seat at once (<c>participant_left</c>).</summary>
    [Alias("Leave")]
    Task LeaveAsync(string participantId, string connectionId);

    /// <summary>The seat's connection dropped: the seat is held for the departure grace, then freed.</summary>
    [Alias("Disconnected")]
    Task DisconnectedAsync(string participantId, string connectionId);

    /// <summary>Whether the user is a host or holds a seat (ICE servers are for participants).</summary>
    [Alias("IsParticipant")]
    Task<bool> IsParticipantAsync(string userId);
}
