using System.Collections.Immutable;
using System.Net.Mail;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OmniBiz.GrainInterfaces.Common;
using OmniBiz.GrainInterfaces.Identity;
using OmniBiz.GrainInterfaces.Realtime;
using OmniBiz.GrainInterfaces.Sessions;
using OmniBiz.Grains.Identity;
using OmniBiz.Grains.Projections;
using OmniBiz.Grains.Realtime;
using OmniBiz.Grains.Storage;

namespace OmniBiz.Grains.Sessions;

/// <summary>
/// Owns one session: its schedule, invitations and seats. Seats are counted here and nowhere else, so capacity holds
/// however many nodes the joiners arrive through. A dropped connection's seat is held for the departure grace by a
/// grain timer; the auto-end reminder survives restarts.
/// </summary>
public sealed partial class SessionGrain(
    [PersistentState(StorageNames.Session, StorageNames.Main)] IPersistentState<SessionState> state,
    SessionStore store,
    Projector projector,
    IOptions<SessionsSettings> settings,
    IClusterMembershipService membership,
    TimeProvider clock,
    ILogger<SessionGrain> logger) : Grain, ISessionGrain, IRemindable
{
    public const int MaxCapacity = 100;
    public const int MaxTitleLength = 200;
    public const int MaxDescriptionLength = 4000;
    public const int MaxDurationMinutes = 24 * 60;
    public const int MaxInvitationsPerRequest = 100;
    public const int MaxInvitations = 1000;
    private const string AutoEndReminder = "omnibiz.session.auto-end";

    private IGrainTimer? _graceTimer;
    private IGrainTimer? _emptyTimer;
    private IGrainTimer? _nodeWatch;
    private Projection? _projection;

    private string SessionId => this.GetPrimaryKeyString();

    private SessionsSettings Settings => settings.Value;

    /// <summary>The <c>sessions</c> list row, seat count included.</summary>
    private Projection Projection => _projection ??= projector.For(this, "sessions", () => store.SaveAsync(
        ToSession(), state.State.ParticipantVersion, [state.State.HostId, .. state.State.CoHostIds],
        state.State.Invitations.Where(i => !i.Revoked).Select(i => i.Email)));

    private bool IsOver => state.State.Status is SessionStatuses.Ended or SessionStatuses.Cancelled;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!state.RecordExists)
        {
            return;
        }

        await Projection.ProjectAsync();

        // Mail that was stored but perhaps never reached the outbox (the node stopped between the two writes).
        await store.EnqueueMailAsync(SessionId, state.State.Invitations.Where(i => i.MailStatus == MailStatuses.Pending && !i.Revoked).Select(i => (i.Id, i.Email)));
        ArmGraceTimer();
        ArmEmptyTimer();
        WatchNodes();
    }

    public async Task<Session> CreateAsync(CreateSession command)
    {
        if (state.RecordExists)
        {
            return state.State.HostId == command.HostId ? ToSession() : throw DomainException.Conflict("A session already exists under this id.");
        }

        var title = command.Title?.Trim() ?? "";
        if (title.Length is 0 or > MaxTitleLength)
        {
            throw DomainException.Invalid("title", $"Title must be 1 to {MaxTitleLength} characters.");
        }

        if (command.Description is { Length: > MaxDescriptionLength })
        {
            throw DomainException.Invalid("description", $"Description may be at most {MaxDescriptionLength} characters.");
        }

        if (!SessionKinds.All.Contains(command.Kind))
        {
            throw DomainException.Invalid("kind", $"Kind is one of {string.Join(", ", SessionKinds.All)}.");
        }

        ValidateSchedule(command.ScheduledAt, command.DurationMinutes);
        var capacity = command.Capacity ?? MaxCapacity;
        if (capacity is < 1 or > MaxCapacity)
        {
            throw DomainException.Invalid("capacity", $"Capacity must be between 1 and {MaxCapacity}.");
        }

        state.State = new SessionState
        {
            HostId = command.HostId,
            CoHostIds = [.. command.CoHostIds.IsDefault ? [] : command.CoHostIds.Where(c => c != command.HostId).Distinct(StringComparer.Ordinal)],
            Title = title,
            Description = string.IsNullOrWhiteSpace(command.Description) ? null : command.Description.Trim(),
            Kind = command.Kind,
            ScheduledAt = command.ScheduledAt,
            DurationMinutes = command.DurationMinutes,
            Capacity = capacity,
            Status = SessionStatuses.Scheduled,
            CreatedAt = clock.GetUtcNow(),
        };
        return await SaveAsync();
    }

    private void ValidateSchedule(DateTimeOffset scheduledAt, int durationMinutes)
    {
        if (scheduledAt < clock.GetUtcNow().AddMinutes(-1) || scheduledAt > clock.GetUtcNow().AddYears(5))
        {
            throw DomainException.Invalid("scheduledAt", "scheduledAt must be in the future (and within five years).");
        }

        if (durationMinutes is < 1 or > MaxDurationMinutes)
        {
            throw DomainException.Invalid("durationMinutes", $"durationMinutes must be between 1 and {MaxDurationMinutes}.");
        }
    }

    public Task<Session?> GetAsync() => Task.FromResult(state.RecordExists ? ToSession() : null);

    public Task<Session?> GetForAsync(string userId, string? email, bool isStaff) =>
        Task.FromResult(state.RecordExists && (isStaff || IsHost(userId) || IsInvited(email)) ? ToSession() : null);

    public async Task<Session> RescheduleAsync(string actorId, DateTimeOffset scheduledAt, int? durationMinutes)
    {
        EnsureHost(actorId);
        if (state.State.Status != SessionStatuses.Scheduled)
        {
            throw DomainException.Conflict($"The session is {state.State.Status}: only a scheduled session can be rescheduled.");
        }

        ValidateSchedule(scheduledAt, durationMinutes ?? state.State.DurationMinutes);
        state.State.ScheduledAt = scheduledAt;
        state.State.DurationMinutes = durationMinutes ?? state.State.DurationMinutes;
        var session = await SaveAsync();
        await TellAudienceAsync(EventNames.SessionUpdated, session);
        return session;
    }

    public async Task<Session> CancelAsync(string actorId)
    {
        EnsureHost(actorId);
        if (state.State.Status != SessionStatuses.Scheduled)
        {
            throw DomainException.Conflict($"The session is {state.State.Status}: only a scheduled session can be cancelled (end a live one).");
        }

        return await FinishAsync(SessionStatuses.Cancelled);
    }

    public async Task<Session> StartAsync(string actorId)
    {
        EnsureHost(actorId);
        if (state.State.Status == SessionStatuses.Live)
        {
            return ToSession();
        }

        if (state.State.Status != SessionStatuses.Scheduled)
        {
            throw DomainException.Conflict($"The session is {state.State.Status}: it cannot start.");
        }

        state.State.Status = SessionStatuses.Live;
        state.State.StartedAt = clock.GetUtcNow();
        state.State.EmptySince = state.State.Seats.Count == 0 ? clock.GetUtcNow() : null;
        await this.RegisterOrUpdateReminder(AutoEndReminder, ReminderDue(), TimeSpan.FromMinutes(1));
        var session = await SaveAsync();
        ArmEmptyTimer();
        await TellAudienceAsync(EventNames.SessionStarted, new { sessionId = SessionId, status = session.Status, version = session.Version });
        return session;
    }

    public async Task<Session> EndAsync(string actorId)
    {
        EnsureHost(actorId);
        if (IsOver)
        {
            return ToSession();
        }

        return await FinishAsync(SessionStatuses.Ended);
    }

    private async Task<Session> FinishAsync(string status)
    {
        state.State.Status = status;
        state.State.EndedAt = clock.GetUtcNow();
        state.State.Seats.Clear();
        state.State.ParticipantVersion++;
        var session = await SaveAsync();
        _graceTimer?.Dispose();
        _emptyTimer?.Dispose();
        WatchNodes();
        LogFinished(SessionId, status);
        await TellAudienceAsync(EventNames.SessionEnded, new { sessionId = SessionId, status, version = session.Version });
        try
        {
            if (await this.GetReminder(AutoEndReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The session is over either way; the reminder's next tick finds it so and unregisters itself.
            LogReminderKept(e, SessionId);
        }

        return session;
    }

    public async Task<Session> AddCoHostAsync(string actorId, string userId)
    {
        EnsureHost(actorId);
        if (await GrainFactory.GetGrain<IUserGrain>(userId).GetAsync() is null)
        {
            throw DomainException.NotFound($"No user '{userId}'.");
        }

        if (!IsHost(userId))
        {
            state.State.CoHostIds.Add(userId);
            return await SaveAsync();
        }

        return ToSession();
    }

    public async Task<ImmutableArray<Invitation>> InviteAsync(string actorId, ImmutableArray<string> emails, string role, bool mail)
    {
        EnsureHost(actorId);
        if (IsOver)
        {
            throw DomainException.Conflict($"The session is {state.State.Status}: it takes no more invitations.");
        }

        if (role is not (SessionRoles.Attendee or SessionRoles.Presenter))
        {
            throw DomainException.Invalid("role", $"Role is {SessionRoles.Attendee} or {SessionRoles.Presenter}.");
        }

        if (emails.IsDefaultOrEmpty || emails.Length > MaxInvitationsPerRequest)
        {
            throw DomainException.Invalid("emails", $"Give 1 to {MaxInvitationsPerRequest} addresses.");
        }

        var normalized = new List<string>();
        for (var i = 0; i < emails.Length; i++)
        {
            if (!IsEmail(emails[i]))
            {
                throw DomainException.Invalid($"emails[{i}]", $"emails[{i}] is not an e-mail address.");
            }

            normalized.Add(IdentityRules.NormalizeEmail(emails[i]));
        }

        // An address already invited (and not revoked) keeps its invitation: a retried request creates nothing twice.
        var fresh = normalized.Distinct(StringComparer.Ordinal)
            .Where(e => !state.State.Invitations.Any(i => i.Email == e && !i.Revoked)).ToList();
        if (state.State.Invitations.Count + fresh.Count > MaxInvitations)
        {
            throw DomainException.Conflict($"A session holds at most {MaxInvitations} invitations.");
        }

        var now = clock.GetUtcNow();
        var created = fresh.Select(e => new InvitationState
        {
            Id = Guid.NewGuid().ToString("N"),
            Email = e,
            Role = role,
            MailStatus = mail ? MailStatuses.Pending : MailStatuses.NotSent,
            CreatedAt = now,
        }).ToList();
        state.State.Invitations.AddRange(created);
        var session = await SaveAsync();
        if (mail)
        {
            await store.EnqueueMailAsync(SessionId, created.Select(c => (c.Id, c.Email)));
        }

        foreach (var invitation in created)
        {
            if (await GrainFactory.GetGrain<IEmailIndexGrain>(invitation.Email).GetUserIdAsync() is { } userId)
            {
                await GrainFactory.PublishAsync(Topics.User(userId), EventNames.SessionInvited,
                    new { sessionId = SessionId, invitationId = invitation.Id, title = session.Title, scheduledAt = session.ScheduledAt, kind = session.Kind });
            }
        }

        var wanted = normalized.ToHashSet(StringComparer.Ordinal);
        return [.. state.State.Invitations.Where(i => !i.Revoked && wanted.Contains(i.Email)).Select(ToInvitation)];
    }

    private static bool IsEmail(string? value) =>
        !string.IsNullOrWhiteSpace(value) && value.Length <= 254 && MailAddress.TryCreate(value.Trim(), out var address)
        && address.Address == value.Trim() && address.Host.Contains('.', StringComparison.Ordinal);

    public Task<ImmutableArray<Invitation>> GetInvitationsAsync(string actorId)
    {
        EnsureHost(actorId);
        return Task.FromResult<ImmutableArray<Invitation>>([.. state.State.Invitations.Select(ToInvitation)]);
    }

    public async Task RevokeInvitationAsync(string actorId, string invitationId)
    {
        EnsureHost(actorId);
        var invitation = state.State.Invitations.FirstOrDefault(i => i.Id == invitationId)
            ?? throw DomainException.NotFound($"No invitation '{invitationId}' in this session.");
        if (invitation.Revoked)
        {
            return;
        }

        invitation.Revoked = true;
        await SaveAsync();
        await store.CancelMailAsync(invitationId);
    }

    public Task<InvitationAccess> OpenInvitationAsync(string invitationId)
    {
        var invitation = FindInvitation(invitationId);
        return Task.FromResult(new InvitationAccess(ToSession(), ToInvitation(invitation)));
    }

    /// <summary>A usable invitation, or the refusal that says why not.</summary>
    private InvitationState FindInvitation(string invitationId)
    {
        var invitation = state.RecordExists ? state.State.Invitations.FirstOrDefault(i => i.Id == invitationId) : null;
        if (invitation is null)
        {
            throw DomainException.NotFound("This join link is not valid.");
        }

        if (invitation.Revoked)
        {
            throw DomainException.Forbidden("This join link was revoked by the host.");
        }

        return IsOver ? throw DomainException.Conflict($"This session has {(state.State.Status == SessionStatuses.Cancelled ? "been cancelled" : "ended")}: its links no longer work.") : invitation;
    }

    public async Task MailResultAsync(string invitationId, string status, string? error)
    {
        if (state.State.Invitations.FirstOrDefault(i => i.Id == invitationId) is { } invitation
            && (invitation.MailStatus != status || invitation.MailError != error))
        {
            invitation.MailStatus = status;
            invitation.MailError = error;
            await state.WriteStateAsync();
        }
    }

    public async Task<SessionJoin> JoinAsync(JoinSession command)
    {
        if (!state.RecordExists)
        {
            throw DomainException.NotFound($"No session '{SessionId}'.");
        }

        var invitation = command.InvitationId is { } invitationId ? FindInvitation(invitationId) : null;
        if (IsOver)
        {
            throw DomainException.Conflict($"This session has {(state.State.Status == SessionStatuses.Cancelled ? "been cancelled" : "ended")}: it admits no one.");
        }

        string role;
        if (IsHost(command.UserId))
        {
            role = SessionRoles.Host;
        }
        else if (invitation is not null || (invitation = InvitationFor(command.Email)) is not null)
        {
            role = invitation.Role;
        }
        else
        {
            throw DomainException.Forbidden("You are not invited to this session: open the link from your invitation.");
        }

        // A guest is known by its invitation: the same link rejoining is the same person.
        var identity = command.UserId;
        var seats = state.State.Seats;
        if (seats.TryGetValue(identity, out var seat))
        {
            // Rejoining (after a dropped connection, or from a new tab): same seat, same participant, no events.
            seat.ConnectionId = command.ConnectionId;
            seat.AwayUntil = null;
            seat.NodeSilo = command.NodeSilo?.ToParsableString();
            await state.WriteStateAsync();
            return ToJoin(seat, rejoined: true);
        }

        if (seats.Count >= state.State.Capacity)
        {
            throw DomainException.Conflict($"This session is full: all {state.State.Capacity} seats are taken.");
        }

        seat = new SeatState
        {
            ParticipantId = command.ProposedParticipantId,
            UserId = command.UserId,
            DisplayName = command.DisplayName,
            Role = role,
            ConnectionId = command.ConnectionId,
            NodeSilo = command.NodeSilo?.ToParsableString(),
        };
        seats[identity] = seat;
        state.State.ParticipantVersion++;
        state.State.EmptySince = null;
        await state.WriteStateAsync();
        Projection.ProjectSoon(Settings.SeatProjectionDelay);
        WatchNodes();
        await PublishParticipantAsync(EventNames.ParticipantJoined, seat);
        return ToJoin(seat, rejoined: false);
    }

    public async Task LeaveAsync(string participantId, string connectionId)
    {
        if (SeatOf(participantId) is { } entry && entry.Value.ConnectionId == connectionId)
        {
            await FreeAsync(entry.Key);
        }
    }

    public async Task DisconnectedAsync(string participantId, string connectionId)
    {
        // A connection that was already replaced by a rejoin says nothing about the seat.
        if (SeatOf(participantId) is { } entry && entry.Value.ConnectionId == connectionId && entry.Value.AwayUntil is null)
        {
            entry.Value.AwayUntil = clock.GetUtcNow() + Settings.DepartureGrace;
            await state.WriteStateAsync();
            ArmGraceTimer();
        }
    }

    public Task<bool> IsParticipantAsync(string userId) =>
        Task.FromResult(state.RecordExists && !IsOver && (IsHost(userId) || state.State.Seats.ContainsKey(userId)));

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != AutoEndReminder)
        {
            return;
        }

        if (state.State.Status != SessionStatuses.Live)
        {
            if (await this.GetReminder(AutoEndReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            return;
        }

        await EndIfDueAsync();
    }

    private async Task EndIfDueAsync()
    {
        if (state.State.Status != SessionStatuses.Live)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var scheduledEnd = state.State.ScheduledAt.AddMinutes(state.State.DurationMinutes);
        if (now >= scheduledEnd + Settings.EndGrace || (state.State.EmptySince is { } since && now >= since + Settings.EmptyTimeout))
        {
            await FinishAsync(SessionStatuses.Ended);
            return;
        }

        // A timer may fire a little early: arm it again for what remains.
        ArmEmptyTimer();
    }

    private TimeSpan ReminderDue()
    {
        var due = state.State.ScheduledAt.AddMinutes(state.State.DurationMinutes) + Settings.EndGrace - clock.GetUtcNow();
        return due < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : due;
    }

    /// <summary>Frees the seats whose grace ran out; the timer is armed for the earliest remaining one.</summary>
    private async Task ExpireAwayAsync()
    {
        var now = clock.GetUtcNow();
        foreach (var identity in state.State.Seats.Where(s => s.Value.AwayUntil <= now).Select(s => s.Key).ToList())
        {
            await FreeAsync(identity);
        }

        ArmGraceTimer();
    }

    private void ArmGraceTimer()
    {
        _graceTimer?.Dispose();
        _graceTimer = null;
        if (state.State.Seats.Values.Where(s => s.AwayUntil is not null).Select(s => s.AwayUntil!.Value).DefaultIfEmpty().Min() is var next && next != default)
        {
            var due = next - clock.GetUtcNow();
            _graceTimer = this.RegisterGrainTimer(ExpireAwayAsync, due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>
    /// A web node that dies takes its connections without a disconnect call. While seats are held, the grain looks at
    /// cluster membership every few seconds: a seat whose node's silo is declared dead starts its departure grace, so
    /// it is freed (one <c>participant_left</c>) unless its participant rejoins through another node in time. Seats on
    /// client-mode nodes (no silo) are freed only by their disconnect, a rejoin or the end of the session.
    /// </summary>
    private void WatchNodes()
    {
        var needed = state.State.Status is SessionStatuses.Scheduled or SessionStatuses.Live && state.State.Seats.Values.Any(s => s.NodeSilo is not null);
        if (needed && _nodeWatch is null)
        {
            var period = TimeSpan.FromSeconds(Math.Clamp(Settings.DepartureGrace.TotalSeconds / 4, 1, 5));
            _nodeWatch = this.RegisterGrainTimer(CheckNodesAsync, TimeSpan.Zero, period);
        }
        else if (!needed && _nodeWatch is not null)
        {
            _nodeWatch.Dispose();
            _nodeWatch = null;
        }
    }

    private async Task CheckNodesAsync()
    {
        var snapshot = membership.CurrentSnapshot;
        var until = clock.GetUtcNow() + Settings.DepartureGrace;
        var lost = state.State.Seats.Values
            .Where(s => s.AwayUntil is null && s.NodeSilo is not null && snapshot.GetSiloStatus(SiloAddress.FromParsableString(s.NodeSilo)) == SiloStatus.Dead)
            .ToList();
        if (lost.Count > 0)
        {
            foreach (var seat in lost)
            {
                seat.AwayUntil = until;
                LogNodeLost(SessionId, seat.ParticipantId, seat.NodeSilo!);
            }

            await state.WriteStateAsync();
            ArmGraceTimer();
        }

        WatchNodes();
    }

    private void ArmEmptyTimer()
    {
        _emptyTimer?.Dispose();
        _emptyTimer = null;
        if (state.State.Status == SessionStatuses.Live && state.State.EmptySince is { } since)
        {
            var due = since + Settings.EmptyTimeout - clock.GetUtcNow();
            _emptyTimer = this.RegisterGrainTimer(EndIfDueAsync, due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task FreeAsync(string identity)
    {
        if (!state.State.Seats.Remove(identity, out var seat))
        {
            return;
        }

        state.State.ParticipantVersion++;
        if (state.State.Seats.Count == 0 && state.State.Status == SessionStatuses.Live)
        {
            state.State.EmptySince = clock.GetUtcNow();
        }

        await state.WriteStateAsync();
        Projection.ProjectSoon(Settings.SeatProjectionDelay);
        ArmEmptyTimer();
        WatchNodes();
        await PublishParticipantAsync(EventNames.ParticipantLeft, seat);
    }

    private KeyValuePair<string, SeatState>? SeatOf(string participantId)
    {
        foreach (var entry in state.State.Seats)
        {
            if (entry.Value.ParticipantId == participantId)
            {
                return entry;
            }
        }

        return null;
    }

    private Task PublishParticipantAsync(string eventName, SeatState seat) =>
        GrainFactory.PublishAsync(Topics.Session(SessionId), eventName, new
        {
            sessionId = SessionId,
            participantId = seat.ParticipantId,
            userId = seat.UserId,
            displayName = seat.DisplayName,
            role = seat.Role,
            version = state.State.ParticipantVersion,
            participantCount = state.State.Seats.Count,
        });

    /// <summary>Participants, and invitees with accounts (their user topics), hear about the session's status.</summary>
    private async Task TellAudienceAsync<T>(string eventName, T payload)
    {
        var topics = new List<string> { Topics.Session(SessionId) };
        foreach (var email in state.State.Invitations.Where(i => !i.Revoked).Select(i => i.Email).Distinct(StringComparer.Ordinal))
        {
            if (await GrainFactory.GetGrain<IEmailIndexGrain>(email).GetUserIdAsync() is { } userId)
            {
                topics.Add(Topics.User(userId));
            }
        }

        topics.AddRange(new[] { state.State.HostId }.Concat(state.State.CoHostIds).Select(Topics.User));
        await GrainFactory.PublishAsync(topics.Distinct(StringComparer.Ordinal), eventName, payload);
    }

    private bool IsHost(string userId) => state.State.HostId == userId || state.State.CoHostIds.Contains(userId);

    private bool IsInvited(string? email) => InvitationFor(email) is not null;

    private InvitationState? InvitationFor(string? email)
    {
        if (string.IsNullOrEmpty(email))
        {
            return null;
        }

        var normalized = IdentityRules.NormalizeEmail(email);
        return state.State.Invitations.FirstOrDefault(i => i.Email == normalized && !i.Revoked);
    }

    private void EnsureHost(string actorId)
    {
        if (!state.RecordExists)
        {
            throw DomainException.NotFound($"No session '{SessionId}'.");
        }

        if (!IsHost(actorId))
        {
            throw DomainException.Forbidden("Only the session's host and co-hosts may do this.");
        }
    }

    private async Task<Session> SaveAsync()
    {
        state.State.Version++;
        await state.WriteStateAsync();
        await Projection.ProjectAsync();
        return ToSession();
    }

    private SessionJoin ToJoin(SeatState seat, bool rejoined) => new(
        seat.ParticipantId, SessionId, seat.UserId, seat.DisplayName, seat.Role, state.State.Kind, state.State.Status, rejoined,
        [.. state.State.Seats.Values.Select(ToParticipant)], state.State.ParticipantVersion);

    private SessionParticipant ToParticipant(SeatState seat) => new(
        seat.ParticipantId, SessionId, seat.UserId, seat.DisplayName, seat.Role, state.State.Status == SessionStatuses.Scheduled, seat.AwayUntil is not null);

    private Invitation ToInvitation(InvitationState i) => new(i.Id, SessionId, i.Email, i.Role, i.MailStatus, i.MailError, i.Revoked, i.CreatedAt);

    private Session ToSession() => new(
        SessionId, state.State.Title, state.State.Description, state.State.Kind, state.State.ScheduledAt, state.State.DurationMinutes,
        state.State.Capacity, state.State.HostId, [.. state.State.CoHostIds], state.State.Status, state.State.Seats.Count,
        state.State.CreatedAt, state.State.StartedAt, state.State.EndedAt, state.State.Version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId}: participant {ParticipantId}'s node (silo {Silo}) is dead; its departure grace starts")]
    private partial void LogNodeLost(string sessionId, string participantId, string silo);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId}: could not unregister its auto-end reminder")]
    private partial void LogReminderKept(Exception e, string sessionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId} {Status}")]
    private partial void LogFinished(string sessionId, string status);
}
