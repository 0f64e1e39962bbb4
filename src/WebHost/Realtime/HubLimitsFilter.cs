using System.Security.Claims;
using Microsoft.AspNetCore.SignalR;
using OmniBiz.WebHost.Auth;
using OmniBiz.WebHost.Limits;

namespace OmniBiz.WebHost.Realtime;

/// <summary>
/// The hub's share of the rate limits: a user's connections on this node are capped (the one over the cap is closed
/// with a <see cref="HubException"/> saying why), and <c>SendMessage</c> spends the same per-user budget as
/// <c>POST /api/messages/send</c>.
/// </summary>
public sealed class HubLimitsFilter(HubConnectionLimiter connections, MessageSendLimiter sends) : IHubFilter
{
    private const string CountedKey = "omnibiz.connection-counted";

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        var userId = UserOf(context.Context.User);
        if (!connections.TryOpen(userId))
        {
            throw new HubException(
                $"Too many connections: an account may hold at most {connections.Limit} connections to this server. Close another tab or connection and try again.");
        }

        context.Context.Items[CountedKey] = true;
        try
        {
            await next(context);
        }
        catch
        {
            // SignalR does not call OnDisconnectedAsync for a connection whose OnConnectedAsync failed.
            context.Context.Items.Remove(CountedKey);
            connections.Close(userId);
            throw;
        }
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        try
        {
            await next(context, exception);
        }
        finally
        {
            if (context.Context.Items.Remove(CountedKey))
            {
                connections.Close(UserOf(context.Context.User));
            }
        }
    }

    public ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        if (invocationContext.HubMethodName == nameof(OmniBizHub.SendMessage))
        {
            try
            {
                sends.Acquire(UserOf(invocationContext.Context.User));
            }
            catch (RateLimitedException e)
            {
                throw new HubException(e.Message);
            }
        }

        return next(invocationContext);
    }

    private static string UserOf(ClaimsPrincipal? user) =>
        user?.FindFirstValue(OmniBizClaims.UserId) ?? user?.FindFirstValue(OmniBizClaims.VehicleId) ?? "";
}
