using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using OmniBiz.Grains.Storage;

namespace OmniBiz.Grains.Fleet;

/// <summary>
/// Group commit for the trail: pings from every vehicle on this silo are collected while the previous write runs, then
/// written in one multi-row insert. A caller's task completes only when its rows are committed, so a ping is
/// acknowledged only once it is durable, and a crash loses nothing that was acknowledged. Duplicates (same vehicle and
/// time) are dropped by the table's key.
/// </summary>
public sealed partial class TrailWriter(NpgsqlDataSource db, ILogger<TrailWriter> logger) : GroupCommitWriter<TrailWriter.Pending>
{
    private const int MaxRowsPerWrite = 20_000;

    /// <summary>Queues rows for the next write and answers a task that completes once they are committed.</summary>
    public Task AppendAsync(IReadOnlyList<TrailPoint> points)
    {
        if (points.Count == 0)
        {
            return Task.CompletedTask;
        }

        var pending = new Pending(points, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        Enqueue(pending);
        return pending.Done.Task;
    }

    protected override async Task WriteAsync(List<Pending> batch, CancellationToken cancellationToken)
    {
        var rows = batch.SelectMany(p => p.Points).ToList();
        try
        {
            for (var offset = 0; offset < rows.Count; offset += MaxRowsPerWrite)
            {
                await WriteRowsAsync(rows.GetRange(offset, Math.Min(MaxRowsPerWrite, rows.Count - offset)), cancellationToken);
            }

            batch.ForEach(p => p.Done.SetResult());
        }
        catch (Exception e)
        {
            // Every waiting ping request gets the failure (its device retries); the writer keeps serving later batches.
            LogWriteFailed(e, rows.Count);
            batch.ForEach(p => p.Done.SetException(e));
        }
    }

    private async Task WriteRowsAsync(List<TrailPoint> rows, CancellationToken cancellationToken)
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

    /// <summary>One ping request's rows and its caller's completion.</summary>
    public sealed record Pending(IReadOnlyList<TrailPoint> Points, TaskCompletionSource Done);

    [LoggerMessage(Level = LogLevel.Error, Message = "Writing {Count} trail points failed; their pings are answered with an error")]
    private partial void LogWriteFailed(Exception e, int count);
}
