using Microsoft.AspNetCore.SignalR;
using OmniBiz.GrainInterfaces.Common;
using OmniBiz.Grains.Storage;

namespace OmniBiz.WebHost.Realtime;

/// <summary>Hands a grain's refusal, or a database outage, to the caller as a <see cref="HubException"/> with its message.</summary>
public sealed class DomainExceptionHubFilter : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(invocationContext);
        }
        catch (DomainException e)
        {
            throw new HubException(e.Message);
        }
        catch (Exception e) when (DatabaseOutage.Caused(e))
        {
            throw new HubException(DatabaseOutage.Message);
        }
    }
}
