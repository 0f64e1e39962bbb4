using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OmniBiz.GrainInterfaces.Realtime;
using OmniBiz.Grains.Realtime;

namespace OmniBiz.Grains.Fleet;

/// <summary>
/// Coalesces vehicle positions on this silo: vehicles overwrite their latest position here (no grain call), and a
/// few times a second the silo sends map viewers one <c>vehicles_moved</c> batch holding the latest position of each
/// vehicle that moved. However many pings arrive, the <c>maps</c> topic sees at most one call per interval per silo.
/// </summary>
public sealed partial class MapFeed(IGrainFactory grains, IOptions<FleetSettings> settings, ILogger<MapFeed> logger) : BackgroundService
{
    private ConcurrentDictionary<string, VehicleMoved> _latest = new(StringComparer.Ordinal);

    /// <summary>Records the newest position of a vehicle for the next batch (keeps the newer of two).</summary>
    public void Report(VehicleMoved moved) =>
        _latest.AddOrUpdate(moved.VehicleId, moved, (_, existing) => existing.RecordedAt >= moved.RecordedAt ? existing : moved);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.Value.MapFeedInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (_latest.IsEmpty)
                {
                    continue;
                }

                var batch = Interlocked.Exchange(ref _latest, new ConcurrentDictionary<string, VehicleMoved>(StringComparer.Ordinal));
                try
                {
                    await grains.PublishAsync(Topics.Maps, EventNames.VehiclesMoved, batch.Values.ToArray());
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Positions are superseded by the next batch; a lost batch costs one frame of the map.
                    LogPublishFailed(e, batch.Count);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not publish {Count} vehicle positions to map viewers")]
    private partial void LogPublishFailed(Exception e, int count);
}
