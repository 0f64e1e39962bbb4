using Microsoft.Extensions.Options;
using Npgsql;

namespace OmniBiz.WebHost.Messaging;

/// <summary>
/// Removes uploads that no message came to reference within <see cref="AttachmentSettings.UnreferencedMaxAge"/>.
/// Every node runs it; the deletes are idempotent, so several nodes at once only repeat each other.
/// </summary>
public sealed partial class AttachmentCleanup(MessagingQueries queries, IOptions<AttachmentSettings> settings, ILogger<AttachmentCleanup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.Value.CleanupInterval);
        try
        {
            do
            {
                try
                {
                    var removed = await queries.RemoveUnreferencedAttachmentsAsync(settings.Value.UnreferencedMaxAge, stoppingToken);
                    if (removed > 0)
                    {
                        LogRemoved(removed);
                    }
                }
                catch (NpgsqlException e)
                {
                    // The next pass tries again; nothing is lost by waiting.
                    LogFailed(e);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} unreferenced attachment(s)")]
    private partial void LogRemoved(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove unreferenced attachments")]
    private partial void LogFailed(Exception e);
}
