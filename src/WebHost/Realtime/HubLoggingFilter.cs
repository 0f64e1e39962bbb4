using System.Security.Claims;
using Microsoft.AspNetCore.SignalR;
using OmniBiz.WebHost.Auth;

namespace OmniBiz.WebHost.Realtime;

/// <summary>
/// Logs what hub calls end in, in place of SignalR's own log (which prints every refusal as an error with a stack
/// trace, and is turned off for that reason): a <see cref="HubException"/> is a refusal the caller is told about,
/// logged at information without a trace; anything else is a bug, logged as an error. The exception still reaches
/// SignalR, so the caller gets the refusal's message as before.
/// </summary>
public sealed partial class HubLoggingFilter(ILogger<HubLoggingFilter> logger) : IHubFilter
{
    /// <summary>SignalR's categories that log hub call failures; <see cref="HubLoggingFilter"/> logs them instead.</summary>
    public static readonly string[] ReplacedCategories =
        ["Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher", "Microsoft.AspNetCore.SignalR.HubConnectionHandler"];

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(invocationContext);
        }
        catch (HubException e)
        {
            LogRefused(invocationContext.HubMethodName, UserOf(invocationContext.Context), e.Message);
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed(e, invocationContext.HubMethodName);
            throw;
        }
    }

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        try
        {
            await next(context);
        }
        catch (HubException e)
        {
            LogRefused("OnConnectedAsync", UserOf(context.Context), e.Message);
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed(e, "OnConnectedAsync");
            throw;
        }
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        try
        {
            await next(context, exception);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed(e, "OnDisconnectedAsync");
            throw;
        }
    }

    private static string? UserOf(HubCallerContext context) =>
        context.User?.FindFirstValue(OmniBizClaims.UserId) ?? context.User?.FindFirstValue(OmniBizClaims.VehicleId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Hub call {Method} by {UserId} refused: {Reason}")]
    private partial void LogRefused(string method, string? userId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Hub call {Method} failed")]
    private partial void LogFailed(Exception e, string method);
}
