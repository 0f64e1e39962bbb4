using System.Text.Json;
using Npgsql;
using OmniBiz.GrainInterfaces.Fleet;
using OmniBiz.WebHost.Common;

namespace OmniBiz.WebHost.Fleet;

/// <summary>Fleet reads from PostgreSQL: the trail, the heatmap, and the vehicle, location and delivery lists.</summary>
public sealed class FleetQueries(NpgsqlDataSource db)
{
    public const int MaxTrailPoints = 10_000;

    /// <summary>Trail points in time order.</summary>
    public async Task<IReadOnlyList<TrailPointView>> TrailAsync(string vehicleId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("""
            SELECT lat, lng, speed_kph, heading, accuracy_m, recorded_at FROM vehicle_positions
             WHERE vehicle_id = $1 AND recorded_at >= $2 AND recorded_at <= $3
             ORDER BY recorded_at LIMIT $4
            """);
        command.Parameters.Add(new() { Value = vehicleId });
        command.Parameters.Add(new() { Value = from });
        command.Parameters.Add(new() { Value = to });
        command.Parameters.Add(new() { Value = MaxTrailPoints });
        var points = new List<TrailPointView>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            points.Add(new TrailPointView(reader.GetDouble(0), reader.GetDouble(1),
                reader.IsDBNull(2) ? null : reader.GetFloat(2), reader.IsDBNull(3) ? null : reader.GetFloat(3), reader.IsDBNull(4) ? null : reader.GetFloat(4),
                reader.GetFieldValue<DateTimeOffset>(5)));
        }

        return points;
    }

    /// <summary>
    /// Time spent per grid cell: each ping's cell is credited with the time until the vehicle's next ping (gaps longer
    /// than five minutes, a vehicle switched off, count five minutes; a vehicle's last ping counts nothing), so a parked
    /// van weighs more than one driving past.
    /// </summary>
    public async Task<IReadOnlyList<HeatmapCell>> HeatmapAsync(DateTimeOffset from, DateTimeOffset to, double cellMeters, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("""
            WITH points AS (
                SELECT lat, lng,
                       LEAST(COALESCE(EXTRACT(EPOCH FROM (LEAD(recorded_at) OVER w - recorded_at)), 0), 300) AS seconds
                  FROM vehicle_positions
                 WHERE recorded_at >= $1 AND recorded_at < $2
                WINDOW w AS (PARTITION BY vehicle_id ORDER BY recorded_at)
            ), cells AS (
                SELECT floor(lat * 111320.0 / $3) AS cy,
                       floor(lng * 111320.0 * cos(radians(lat)) / $3) AS cx,
                       seconds, lat
                  FROM points
            )
            SELECT cy, cx, avg(lat), coalesce(sum(seconds), 0), count(*)
              FROM cells GROUP BY cy, cx ORDER BY 4 DESC LIMIT 5000
            """);
        command.Parameters.Add(new() { Value = from });
        command.Parameters.Add(new() { Value = to });
        command.Parameters.Add(new() { Value = cellMeters });
        var cells = new List<HeatmapCell>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var cy = reader.GetDouble(0);
            var cx = reader.GetDouble(1);
            var centreLat = (cy + 0.5) * cellMeters / 111320.0;
            var centreLng = (cx + 0.5) * cellMeters / (111320.0 * Math.Cos(reader.GetDouble(2) * Math.PI / 180));
            cells.Add(new HeatmapCell(Math.Round(centreLat, 6), Math.Round(centreLng, 6), Math.Round(reader.GetDouble(3), 1), reader.GetInt64(4)));
        }

        return cells;
    }

    /// <summary>A page of vehicle ids, newest first.</summary>
    public async Task<(List<string> Ids, string? NextCursor)> VehicleIdsAsync(int limit, string? cursor, CancellationToken cancellationToken)
    {
        var after = Paging.Decode(cursor);
        await using var command = db.CreateCommand("""
            SELECT id, created_at FROM vehicles
             WHERE ($1::timestamptz IS NULL OR (created_at, id) < ($1, $2))
             ORDER BY created_at DESC, id DESC LIMIT $3
            """);
        command.Parameters.Add(new() { Value = after is { } a ? a.At : DBNull.Value, DataTypeName = "timestamptz" });
        command.Parameters.Add(new() { Value = after is { } b ? b.Id : "" });
        command.Parameters.Add(new() { Value = limit + 1 });
        var rows = new List<(string Id, DateTimeOffset At)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1)));
        }

        var page = Paging.PageOf(rows, limit, r => (r.At, r.Id));
        return ([.. page.Items.Select(r => r.Id)], page.NextCursor);
    }

    public async Task<Page<Location>> LocationsAsync(int limit, string? cursor, CancellationToken cancellationToken)
    {
        var after = Paging.Decode(cursor);
        await using var command = db.CreateCommand("""
            SELECT id, name, type, lat, lng, address, created_at, version FROM locations
             WHERE NOT deleted AND ($1::timestamptz IS NULL OR (created_at, id) < ($1, $2))
             ORDER BY created_at DESC, id DESC LIMIT $3
            """);
        command.Parameters.Add(new() { Value = after is { } a ? a.At : DBNull.Value, DataTypeName = "timestamptz" });
        command.Parameters.Add(new() { Value = after is { } b ? b.Id : "" });
        command.Parameters.Add(new() { Value = limit + 1 });
        var rows = new List<Location>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new Location(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetDouble(3), reader.GetDouble(4),
                reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetFieldValue<DateTimeOffset>(6), reader.GetInt32(7)));
        }

        return Paging.PageOf(rows, limit, l => (l.CreatedAt, l.Id));
    }

    /// <summary>Deliveries newest first; <c>active</c> means en route or arrived.</summary>
    public async Task<Page<JsonElement>> DeliveriesAsync(string? status, int limit, string? cursor, CancellationToken cancellationToken)
    {
        var after = Paging.Decode(cursor);
        string[]? statuses = status switch
        {
            null => null,
            "active" => [DeliveryStatuses.EnRoute, DeliveryStatuses.Arrived],
            _ => [status],
        };
        await using var command = db.CreateCommand("""
            SELECT document::text, started_at, id FROM deliveries
             WHERE ($1::text[] IS NULL OR status = ANY($1))
               AND ($2::timestamptz IS NULL OR (started_at, id) < ($2, $3))
             ORDER BY started_at DESC, id DESC LIMIT $4
            """);
        command.Parameters.Add(new() { Value = (object?)statuses ?? DBNull.Value, DataTypeName = "text[]" });
        command.Parameters.Add(new() { Value = after is { } a ? a.At : DBNull.Value, DataTypeName = "timestamptz" });
        command.Parameters.Add(new() { Value = after is { } b ? b.Id : "" });
        command.Parameters.Add(new() { Value = limit + 1 });
        return await DocumentPage.ReadAsync(command, limit, cancellationToken);
    }
}
