using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using OmniBiz.Grains.Storage;
using OmniBiz.Grains.Telemetry;

namespace OmniBiz.Grains.Fleet;

/// <summary>
/// Group commit for the trail: pings from every vehicle on this silo are collected while the previous write runs, then
/// written in one multi-row insert. A caller's task completes only when its rows are committed, so a ping is
/// acknowledged only once it is durable, and a crash loses nothing that was acknowledged.
/// <para>
/// Rows go in by binary <c>COPY</c>, about half of PostgreSQL's cost per row of an <c>INSERT … ON CONFLICT</c>. The
/// vehicle grains already drop the pings they have seen, so a duplicate (same vehicle and time) reaches the table only
/// rarely: a late ping older than what an activation replayed, or two activations of one vehicle for a moment. The
/// table's key then refuses the whole copy, and that write is made again as an insert that skips rows already stored.
/// </para>
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
        try
        {
            await CopyRowsAsync(rows, cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            OmniBizMetrics.TrailCopiesRetried.Add(1);
            await InsertNewRowsAsync(rows, cancellationToken);
        }
    }

    private async Task CopyRowsAsync(List<TrailPoint> rows, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var import = await connection.BeginBinaryImportAsync(
            "COPY vehicle_positions (vehicle_id, recorded_at, lat, lng, speed_kph, heading, accuracy_m) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var row in rows)
        {
            await import.StartRowAsync(cancellationToken);
            await import.WriteAsync(row.VehicleId, NpgsqlDbType.Varchar, cancellationToken);
            await import.WriteAsync(row.RecordedAt.UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken);
            await import.WriteAsync(row.Lat, NpgsqlDbType.Double, cancellationToken);
            await import.WriteAsync(row.Lng, NpgsqlDbType.Double, cancellationToken);
            await WriteOptionalAsync(import, row.SpeedKph, cancellationToken);
            await WriteOptionalAsync(import, row.Heading, cancellationToken);
            await WriteOptionalAsync(import, row.AccuracyM, cancellationToken);
        }

        await import.CompleteAsync(cancellationToken);
    }

    private static Task WriteOptionalAsync(NpgsqlBinaryImporter import, float? value, CancellationToken cancellationToken) =>
        value is { } present ? import.WriteAsync(present, NpgsqlDbType.Real, cancellationToken) : import.WriteNullAsync(cancellationToken);

    private async Task InsertNewRowsAsync(List<TrailPoint> rows, CancellationToken cancellationToken)
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
