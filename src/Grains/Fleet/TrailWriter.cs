using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace OmniBiz.Grains.Fleet;

/// <summary>
/// Group commit for the trail: pings from every vehicle on this silo are collected while the previous write runs, then
/// written in one multi-row insert. A caller's task completes only when its rows are committed, so a ping is
/// acknowledged only once it is durable, and a crash loses nothing that was acknowledged. Duplicates (same vehicle and
/// time) are dropped by the table's key.
/// </summary>
public sealed partial class TrailWriter(NpgsqlDataSource db, ILogger<TrailWriter> logger) : BackgroundService
{
    private const int MaxRowsPerWrite = 20_000;
    private readonly object _gate = new();
    private readonly SemaphoreSlim _signal = new(0);
    private List<TrailPoint> _pending = [];
    private TaskCompletionSource _pendingDone = NewCompletion();

    /// <summary>Queues rows for the next write and answers a task that completes once they are committed.</summary>
    public Task AppendAsync(IReadOnlyList<TrailPoint> points)
    {
        if (points.Count == 0)
        {
            return Task.CompletedTask;
        }

        Task done;
        bool first;
        lock (_gate)
        {
            first = _pending.Count == 0;
            _pending.AddRange(points);
            done = _pendingDone.Task;
        }

        if (first)
        {
            _signal.Release();
        }

        return done;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            try
            {
                await _signal.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                // Drain what is queued so nothing acknowledged-in-flight is dropped on a clean shutdown.
                await FlushAsync(CancellationToken.None);
                return;
            }

            await FlushAsync(stoppingToken);
        }
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        List<TrailPoint> batch;
        TaskCompletionSource done;
        lock (_gate)
        {
            if (_pending.Count == 0)
            {
                return;
            }

            (batch, _pending) = (_pending, new List<TrailPoint>(_pending.Count));
            (done, _pendingDone) = (_pendingDone, NewCompletion());
        }

        try
        {
            for (var offset = 0; offset < batch.Count; offset += MaxRowsPerWrite)
            {
                await WriteAsync(batch.GetRange(offset, Math.Min(MaxRowsPerWrite, batch.Count - offset)), cancellationToken);
            }

            done.SetResult();
        }
        catch (Exception e)
        {
            // Every waiting ping request gets the failure (its device retries); the writer keeps serving later batches.
            LogWriteFailed(e, batch.Count);
            done.SetException(e);
        }
    }

    private async Task WriteAsync(List<TrailPoint> rows, CancellationToken cancellationToken)
    {
        var count = rows.Count;
        var vehicles = new string[count];
        var times = new DateTime[count];
        var lats = new double[count];
        var lngs = new double[count];
        var speeds = new float?[count];
        var headings = new float?[count];
        var accuracies = new float?[count];
        for (var i = 0; i < count; i++)
        {
            var row = rows[i];
            (vehicles[i], times[i], lats[i], lngs[i]) = (row.VehicleId, row.RecordedAt.UtcDateTime, row.Lat, row.Lng);
            (speeds[i], headings[i], accuracies[i]) = (row.SpeedKph, row.Heading, row.AccuracyM);
        }

        await using var command = db.CreateCommand("""
            INSERT INTO vehicle_positions (vehicle_id, recorded_at, lat, lng, speed_kph, heading, accuracy_m)
            SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::float8[], $4::float8[], $5::float4[], $6::float4[], $7::float4[])
            ON CONFLICT (vehicle_id, recorded_at) DO NOTHING
            """);
        command.Parameters.Add(new() { Value = vehicles, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = times, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = lats, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Double });
        command.Parameters.Add(new() { Value = lngs, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Double });
        command.Parameters.Add(new() { Value = speeds, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Real });
        command.Parameters.Add(new() { Value = headings, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Real });
        command.Parameters.Add(new() { Value = accuracies, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Real });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static TaskCompletionSource NewCompletion() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override void Dispose()
    {
        _signal.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Writing {Count} trail points failed; their pings are answered with an error")]
    private partial void LogWriteFailed(Exception e, int count);
}
