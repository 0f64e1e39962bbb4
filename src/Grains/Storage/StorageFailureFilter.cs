using Microsoft.Extensions.Logging;

namespace OmniBiz.Grains.Storage;

/// <summary>
/// A grain call that failed because PostgreSQL failed (its own state write, or a store it called) may have changed the
/// activation's state in memory before the write was refused. The activation is then dropped, so the next call
/// finds the state as stored: a request that failed changes nothing, even once the database is back.
/// </summary>
public sealed partial class StorageFailureFilter(ILogger<StorageFailureFilter> logger) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (Exception e) when (DatabaseOutage.Involved(e))
        {
            LogDropped(context.TargetContext.GrainId, context.InterfaceMethod?.Name);
            context.TargetContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationError, "A database operation failed; the state is reloaded from storage."));
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{GrainId}.{Method} failed in the database; the activation is dropped so that its state is reloaded")]
    private partial void LogDropped(GrainId grainId, string? method);
}
