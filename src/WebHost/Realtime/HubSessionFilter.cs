using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using OmniBiz.GrainInterfaces.Identity;
using OmniBiz.WebHost.Auth;

namespace OmniBiz.WebHost.Realtime;

/// <summary>
/// A hub connection outlives the request that authenticated it. Before a method runs, this filter checks that the
/// connection's security stamp is still its account's (at most once per <see cref="RealtimeSettings.SessionRecheckSeconds"/>
/// per connection, so a busy connection costs one grain read every few seconds): a user whose roles or password
/// changed, or who was disabled, can do nothing more on an old connection even if the sign-out event missed it.
/// </summary>
public sealed class HubSessionFilter(IGrainFactory grains, IOptions<RealtimeSettings> settings) : IHubFilter
{
    private const string CheckedAtKey = "omnibiz.session-checked-at";

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var context = invocationContext.Context;
        var now = Environment.TickCount64;
        var recheck = settings.Value.SessionRecheckSeconds * 1000L;
        if (!context.Items.TryGetValue(CheckedAtKey, out var at) || at is not long checkedAt || now - checkedAt >= recheck)
        {
            if (!await IsCurrentAsync(grains, context))
            {
                context.Abort();
                throw new HubException("Your session has ended (signed out, or your roles or password changed); sign in again.");
            }

            context.Items[CheckedAtKey] = now;
        }

        return await next(invocationContext);
    }

    /// <summary>Whether a connection's token still carries its account's security stamp (tokens without one are not user sessions).</summary>
    public static async Task<bool> IsCurrentAsync(IGrainFactory grains, HubCallerContext context)
    {
        var stamp = context.User?.FindFirst(OmniBizClaims.SecurityStamp)?.Value;
        var userId = context.User?.FindFirst(OmniBizClaims.UserId)?.Value;
        return stamp is null || userId is null || await grains.GetGrain<IUserGrain>(userId).GetSecurityStampAsync() == stamp;
    }
}
