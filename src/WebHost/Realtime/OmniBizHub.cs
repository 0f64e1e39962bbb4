using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using OmniBiz.GrainInterfaces.Identity;
using OmniBiz.GrainInterfaces.Messaging;
using OmniBiz.GrainInterfaces.Orders;
using OmniBiz.GrainInterfaces.Support;
using OmniBiz.Grains.Realtime;
using OmniBiz.WebHost.Messaging;
using OmniBiz.GrainInterfaces.Realtime;
using OmniBiz.WebHost.Auth;
using OmniBiz.GrainInterfaces.Sessions;
using OmniBiz.WebHost.Limits;
using OmniBiz.WebHost.Sessions;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace OmniBiz.WebHost.Realtime;

/// <summary>
/// The one hub (<c>/hubs/omnibiz</c>). Every connection joins its user's topic on connect; other joins check
/// who may make them and fail with a <see cref="HubException"/> that says why.
/// </summary>
[Authorize(Policy = Policies.HubCaller)]
public sealed partial class OmniBizHub(
    RealtimeNode node,
    IGrainFactory grains,
    TypingTracker typing,
    MessagingQueries messaging,
    JoinLinks links,
    IceServers iceServers,
    SignalLimiter signals,
    IOptions<SessionsOptions> sessionsOptions,
    ILogger<OmniBizHub> logger) : Hub
{
    public override async Task OnConnectedAsync()
    {
        var userId = Context.User!.UserIdOf();
        node.Attach(Context);
        if (Context.User!.IsGuest())
        {
            // A guest has no user topic, conversations or inbox: only the session it joins (GuestHubFilter).
            await base.OnConnectedAsync();
            return;
        }

        await node.JoinAsync(Context.ConnectionId, Topics.User(userId));
        if (await grains.GetGrain<IUserGrain>(userId).GetSecurityStampAsync() != Context.User!.FindFirst(OmniBizClaims.SecurityStamp)?.Value)
        {
            // The sessions ended after the token was checked and before the join above, so the sign-out missed us.
            Context.Abort();
            return;
        }

        // Messages are published once per conversation: the connection joins each of its user's conversations now, and
        // the conversations it is added to later through its user topic (see EventNames.FollowTopic).
        // The list comes from the read model, which may lag behind a membership change: each conversation grain confirms.
        var listed = await messaging.ConversationIdsAsync(userId, Context.ConnectionAborted);
        var confirmed = await Task.WhenAll(listed.Select(async id =>
            (Id: id, Member: await grains.GetGrain<IConversationGrain>(id).CanAccessAsync(userId, Context.User!.IsStaff()))));
        foreach (var (conversationId, _) in confirmed.Where(c => c.Member))
        {
            await node.JoinAsync(Context.ConnectionId, Topics.Conversation(conversationId));
        }

        if (Context.User!.IsStaff())
        {
            // Staff hear of support activity (client_joined_support, ticket_updated) wherever they are.
            await node.JoinAsync(Context.ConnectionId, Topics.Support);
        }

        await base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        foreach (var (sessionId, seat) in node.TakeSeats(Context.ConnectionId))
        {
            try
            {
                // The seat is held for the departure grace; rejoining within it keeps the same participant.
                await grains.GetGrain<ISessionGrain>(sessionId).DisconnectedAsync(seat.ParticipantId, Context.ConnectionId);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogSeatReleaseFailed(e, sessionId, seat.ParticipantId);
            }
        }

        await node.LeaveAllAsync(Context.ConnectionId);
        await base.OnDisconnectedAsync(exception);
    }

    /// <summary>
    /// Answers once the connection has joined its user's topics (they are joined just after the handshake, so events
    /// published before this answer may not reach the connection; anything after it will).
    /// </summary>
    public ReadyAnswer Ready() => new(node.NodeId, Context.User!.UserIdOf());

    /// <summary>Live fleet map: vehicles, locations, deliveries (staff).</summary>
    public Task JoinMaps() => JoinStaffTopicAsync(Topics.Maps, "the fleet map");

    public Task LeaveMaps() => node.LeaveAsync(Context.ConnectionId, Topics.Maps);

    /// <summary>Live price and stock of products for sale (anyone signed in): <c>product_updated</c>.</summary>
    public Task JoinCatalog() => node.JoinAsync(Context.ConnectionId, Topics.Catalog);

    public Task LeaveCatalog() => node.LeaveAsync(Context.ConnectionId, Topics.Catalog);

    /// <summary>Purchasing dashboard: purchase orders, supplier deliveries and payments (staff).</summary>
    public Task JoinPurchasing() => JoinStaffTopicAsync(Topics.Purchasing, "purchasing");

    public Task LeavePurchasing() => node.LeaveAsync(Context.ConnectionId, Topics.Purchasing);

    /// <summary>Order dashboard: new orders and status changes (staff and admins).</summary>
    public Task JoinAdmins() => JoinStaffTopicAsync(Topics.Admins, "the order dashboard");

    /// <summary>Live updates of one order (status, payments, delivery): its customer or staff.</summary>
    public async Task JoinOrder(string orderId)
    {
        var order = string.IsNullOrWhiteSpace(orderId) ? null : await grains.GetGrain<IOrderGrain>(orderId).GetAsync();
        if (order is null || (!Context.User!.IsStaff() && order.CustomerId != Context.User!.UserIdOf()))
        {
            // Someone else's order is reported like a missing one, so ids cannot be probed.
            throw new HubException($"You can only watch your own orders; there is no order '{orderId}' of yours.");
        }

        await node.JoinAsync(Context.ConnectionId, Topics.Order(order.Id));
    }

    public Task LeaveOrder(string orderId) => node.LeaveAsync(Context.ConnectionId, Topics.Order(orderId));

    /// <summary>Typing indicators of one conversation (members). Messages and read receipts arrive without it.</summary>
    public async Task JoinConversation(string conversationId)
    {
        await EnsureConversationAccessAsync(conversationId);
        await node.JoinAsync(Context.ConnectionId, Topics.Typing(conversationId));
    }

    public Task LeaveConversation(string conversationId) => node.LeaveAsync(Context.ConnectionId, Topics.Typing(conversationId));

    /// <summary>Stores and delivers a message, as <c>POST /api/messages/send</c>; answers the stored message.</summary>
    public Task<Message> SendMessage(string conversationId, string text, string clientMessageId, string[]? attachmentIds) =>
        grains.GetGrain<IConversationGrain>(conversationId ?? "").SendAsync(
            new SendMessage(Context.User!.UserIdOf(), text, clientMessageId, [.. attachmentIds ?? []]), Context.User!.IsStaff());

    public async Task Typing(string conversationId)
    {
        await EnsureConversationAccessAsync(conversationId);
        await typing.TypingAsync(conversationId, Context.User!.UserIdOf());
    }

    public async Task StopTyping(string conversationId)
    {
        await EnsureConversationAccessAsync(conversationId);
        await typing.StopTypingAsync(conversationId, Context.User!.UserIdOf());
    }

    /// <summary>Moves the caller's read pointer forward; answers the pointer.</summary>
    public Task<long> MarkRead(string conversationId, long seq) =>
        grains.GetGrain<IConversationGrain>(conversationId ?? "").MarkReadAsync(Context.User!.UserIdOf(), seq);

    /// <summary>Opens a ticket's chat: its customer (staff are told) or staff (who join the conversation).</summary>
    public async Task<Ticket> JoinSupportChat(string ticketId)
    {
        var ticket = string.IsNullOrWhiteSpace(ticketId) ? null : await grains.GetGrain<ITicketGrain>(ticketId).GetAsync();
        var me = Context.User!.UserIdOf();
        if (ticket is null || (!Context.User!.IsStaff() && ticket.CustomerId != me))
        {
            throw new HubException($"You can only open your own tickets' chats; there is no ticket '{ticketId}' of yours.");
        }

        if (Context.User!.IsStaff() && ticket.CustomerId != me)
        {
            await grains.GetGrain<IConversationGrain>(ticket.ConversationId).AddMembersAsync(me, true, [me]);
        }

        await node.JoinAsync(Context.ConnectionId, Topics.Conversation(ticket.ConversationId));
        await node.JoinAsync(Context.ConnectionId, Topics.Typing(ticket.ConversationId));
        if (ticket.CustomerId == me)
        {
            await grains.PublishAsync(Topics.Support, EventNames.ClientJoinedSupport, new { ticketId = ticket.Id, ticketNumber = ticket.Number, customerId = me });
        }

        return ticket;
    }

    private async Task EnsureConversationAccessAsync(string conversationId)
    {
        // A connection asks the conversation once; later calls use the answer the node keeps, which it forgets when the
        // user leaves or is removed from the conversation.
        var allowed = !string.IsNullOrWhiteSpace(conversationId)
            && (node.HasConversationAccess(Context.ConnectionId, conversationId)
                || await grains.GetGrain<IConversationGrain>(conversationId).CanAccessAsync(Context.User!.UserIdOf(), Context.User!.IsStaff()));
        if (!allowed)
        {
            throw new HubException($"You are not a member of conversation '{conversationId}'.");
        }

        node.RememberConversationAccess(Context.ConnectionId, conversationId);
    }

    /// <summary>
    /// Takes a seat in a live session, atomically up to its capacity across every node: invitees pass their join token
    /// (hosts, and signed-in invitees, may pass null; guests are admitted by their guest token). Answers the seat and
    /// everyone seated, and the ICE servers (with TURN credentials) for this participant. Before the host starts the
    /// session the seat waits in the lobby until <c>session_started</c>.
    /// </summary>
    public async Task<JoinedSession> JoinSession(string sessionId, string? joinToken)
    {
        var user = Context.User!;
        string? invitationId = null;
        if (user.IsGuest())
        {
            invitationId = user.FindFirst(OmniBizClaims.InvitationId)!.Value;
        }
        else if (!string.IsNullOrEmpty(joinToken))
        {
            var ids = links.Read(joinToken) ?? throw new HubException("This join link is not valid.");
            if (ids.SessionId != sessionId)
            {
                throw new HubException("This join link is for another session.");
            }

            invitationId = ids.InvitationId;
        }

        // Topics first, seat second: once the seat is granted, no participant event and no signal for it can miss
        // this connection.
        var proposed = Guid.NewGuid().ToString("N");
        await node.JoinAsync(Context.ConnectionId, Topics.Session(sessionId));
        await node.JoinAsync(Context.ConnectionId, Topics.Participant(sessionId, proposed));
        SessionJoin join;
        try
        {
            join = await grains.GetGrain<ISessionGrain>(sessionId).JoinAsync(new GrainInterfaces.Sessions.JoinSession(
                user.UserIdOf(), user.FindFirst(OmniBizClaims.Name)?.Value ?? "Guest", user.FindFirst(OmniBizClaims.Email)?.Value, invitationId,
                Context.ConnectionId, proposed, node.Silo));
        }
        catch
        {
            await node.LeaveAsync(Context.ConnectionId, Topics.Participant(sessionId, proposed));
            if (node.SeatOf(Context.ConnectionId, sessionId) is null)
            {
                await node.LeaveAsync(Context.ConnectionId, Topics.Session(sessionId));
            }

            throw;
        }

        if (join.ParticipantId != proposed)
        {
            // A rejoin keeps its participant: listen on that one's signal topic instead.
            await node.JoinAsync(Context.ConnectionId, Topics.Participant(sessionId, join.ParticipantId));
            await node.LeaveAsync(Context.ConnectionId, Topics.Participant(sessionId, proposed));
        }

        node.RememberSeat(Context.ConnectionId, sessionId, new SessionSeat(join.ParticipantId, join.Role, join.Kind));
        return JoinedSession.From(join, iceServers.For(join.UserId));
    }

    /// <summary>Gives up the caller's seat at once (<c>participant_left</c>).</summary>
    public async Task LeaveSession(string sessionId)
    {
        if (node.ForgetSeat(Context.ConnectionId, sessionId) is { } seat)
        {
            await grains.GetGrain<ISessionGrain>(sessionId).LeaveAsync(seat.ParticipantId, Context.ConnectionId);
            await node.LeaveAsync(Context.ConnectionId, Topics.Participant(sessionId, seat.ParticipantId));
        }

        await node.LeaveAsync(Context.ConnectionId, Topics.Session(sessionId));
    }

    /// <summary>
    /// Relays a WebRTC signal (offer, answer, ICE candidate; never parsed beyond its <c>type</c>) to one participant's
    /// connection, on whichever node it lives: one publish to that participant's topic.
    /// </summary>
    public async Task Signal(string sessionId, string toParticipantId, JsonElement signal)
    {
        var seat = node.SeatOf(Context.ConnectionId, sessionId)
            ?? throw new HubException($"You are not a participant of session '{sessionId}': join it before signaling.");
        if (signal.ValueKind != JsonValueKind.Object)
        {
            throw new HubException("signal must be a JSON object, such as {\"type\": \"offer\", \"sdp\": \"…\"}.");
        }

        var size = Encoding.UTF8.GetByteCount(signal.GetRawText());
        var max = sessionsOptions.Value.MaxSignalBytes;
        if (size > max)
        {
            throw new HubException($"The signal is {size} bytes; the relay carries at most {max} bytes.");
        }

        if (seat.Kind == SessionKinds.Webinar && seat.Role == SessionRoles.Attendee
            && signal.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "offer")
        {
            throw new HubException("In a webinar, attendees receive media only: they may not send offers.");
        }

        try
        {
            signals.Acquire($"{sessionId}/{seat.ParticipantId}");
        }
        catch (RateLimitedException e)
        {
            throw new HubException(e.Message);
        }

        await grains.PublishAsync(Topics.Participant(sessionId, toParticipantId), EventNames.Signal,
            new { sessionId, fromParticipantId = seat.ParticipantId, signal });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not start the departure grace of participant {ParticipantId} in session {SessionId}")]
    private partial void LogSeatReleaseFailed(Exception e, string sessionId, string participantId);

    private Task JoinStaffTopicAsync(string topic, string what)
    {
        if (!Context.User!.IsStaff())
        {
            throw new HubException($"Only staff and admins may watch {what}; your account is a customer account.");
        }

        return node.JoinAsync(Context.ConnectionId, topic);
    }

    /// <summary>The answer to <see cref="Ready"/>.</summary>
    public sealed record ReadyAnswer(string NodeId, string UserId);
}
