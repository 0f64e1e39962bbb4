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

namespace OmniBiz.WebHost.Realtime;

/// <summary>
/// The one hub (<c>/hubs/omnibiz</c>). Every connection joins its user's topic on connect; other joins check
/// who may make them and fail with a <see cref="HubException"/> that says why.
/// </summary>
[Authorize]
public sealed class OmniBizHub(RealtimeNode node, IGrainFactory grains, TypingTracker typing, MessagingQueries messaging) : Hub
{
    public override async Task OnConnectedAsync()
    {
        var userId = Context.User!.UserIdOf();
        node.Attach(Context);
        await node.JoinAsync(Context.ConnectionId, Topics.User(userId));
        if (await grains.GetGrain<IUserGrain>(userId).GetSecurityStampAsync() != Context.User!.FindFirst(OmniBizClaims.SecurityStamp)?.Value)
        {
            // The sessions ended after the token was checked and before the join above, so the sign-out missed us.
            Context.Abort();
            return;
        }

        // Messages are published once per conversation: the connection joins each of its user's conversations now, and
        // the conversations it is added to later through its user topic (see EventNames.FollowTopic).
        foreach (var conversationId in await messaging.ConversationIdsAsync(userId, Context.ConnectionAborted))
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
