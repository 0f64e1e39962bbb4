using Microsoft.AspNetCore.SignalR;
using OmniBiz.WebHost.Auth;

namespace OmniBiz.WebHost.Realtime;

/// <summary>
/// A guest token admits its holder to one session's hub methods and nothing else: any other method, or another
/// session's id, is refused with a <see cref="HubException"/> before the method runs.
/// </summary>
public sealed class GuestHubFilter : IHubFilter
{
    private static readonly HashSet<string> GuestMethods = new(StringComparer.Ordinal)
    {
        nameof(OmniBizHub.Ready), nameof(OmniBizHub.JoinSession), nameof(OmniBizHub.LeaveSession), nameof(OmniBizHub.Signal),
    };

    public ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var user = invocationContext.Context.User;
        if (user is not null && user.IsGuest())
        {
            if (!GuestMethods.Contains(invocationContext.HubMethodName))
            {
                throw new HubException($"A guest link admits you to its session only: {invocationContext.HubMethodName} needs a signed-in account.");
            }

            var sessionId = invocationContext.HubMethodName == nameof(OmniBizHub.Ready) ? null : invocationContext.HubMethodArguments.FirstOrDefault() as string;
            if (invocationContext.HubMethodName != nameof(OmniBizHub.Ready) && sessionId != user.FindFirst(OmniBizClaims.SessionId)?.Value)
            {
                throw new HubException("A guest link admits you to its own session only.");
            }
        }

        return next(invocationContext);
    }
}
