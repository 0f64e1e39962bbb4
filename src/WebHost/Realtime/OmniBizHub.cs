using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using OmniBiz.GrainInterfaces.Orders;
using OmniBiz.GrainInterfaces.Realtime;
using OmniBiz.WebHost.Auth;

namespace OmniBiz.WebHost.Realtime;

/// <summary>
/// The one hub (<c>/hubs/omnibiz</c>). Every connection joins its user's topic on connect; other joins check
/// who may make them and fail with a <see cref="HubException"/> that says why.
/// </summary>
[Authorize]
public sealed class OmniBizHub(RealtimeNode node, IGrainFactory grains) : Hub
{
    public override async Task OnConnectedAsync()
    {
        await node.JoinAsync(Context.ConnectionId, Topics.User(Context.User!.UserIdOf()));
        await base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        await node.LeaveAllAsync(Context.ConnectionId);
        await base.OnDisconnectedAsync(exception);
    }

    /// <summary>Live fleet map: vehicles, locations, deliveries (staff).</summary>
    public Task JoinMaps() => JoinStaffTopicAsync(Topics.Maps, "the fleet map");

    public Task LeaveMaps() => node.LeaveAsync(Context.ConnectionId, Topics.Maps);

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

    private Task JoinStaffTopicAsync(string topic, string what)
    {
        if (!Context.User!.IsStaff())
        {
            throw new HubException($"Only staff and admins may watch {what}; your account is a customer account.");
        }

        return node.JoinAsync(Context.ConnectionId, topic);
    }
}
