using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace OmniBiz.Grains.Fleet;

/// <summary>Keeps monthly trail partitions created ahead of time (at start-up and twice a day).</summary>
public sealed partial class TrailPartitions(NpgsqlDataSource db, ILogger<TrailPartitions> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var command = db.CreateCommand("SELECT omnibiz_ensure_position_partitions()");
                await command.ExecuteNonQueryAsync(stoppingToken);
                await Task.Delay(TimeSpan.FromHours(12), stoppingToken);
            }
            catch (NpgsqlException e)
            {
                LogFailed(e);
                await Task.Delay(TimeSpan.FromMinutes(5), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not create trail partitions; rows go to the default partition meanwhile")]
    private partial void LogFailed(Exception e);
}
