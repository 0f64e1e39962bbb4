using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using OmniBiz.Grains.Fleet;

namespace OmniBiz.Grains.Tests.Fleet;

/// <summary>The silo's trail writer against real PostgreSQL: rows copied in, and pings already stored skipped rather than failing the write.</summary>
[Collection(ClusterCollection.Name)]
public sealed class TrailWriterTests(ClusterFixture fixture) : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.UtcNow.AddMinutes(-30);
    private NpgsqlDataSource _db = null!;
    private TrailWriter _writer = null!;

    public async Task InitializeAsync()
    {
        _db = NpgsqlDataSource.Create(fixture.ConnectionString);
        _writer = new TrailWriter(_db, NullLogger<TrailWriter>.Instance);
        await _writer.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _writer.StopAsync(CancellationToken.None);
        _writer.Dispose();
        await _db.DisposeAsync();
    }

    private static TrailPoint Point(string vehicleId, int second, float? speed = 30) =>
        new(vehicleId, T0.AddSeconds(second), 51.5 + (second / 10_000.0), -0.1, speed, speed is null ? null : 90, null);

    private async Task<List<(int Second, float? Speed)>> StoredAsync(string vehicleId)
    {
        await using var command = _db.CreateCommand("SELECT recorded_at, speed_kph FROM vehicle_positions WHERE vehicle_id = $1 ORDER BY recorded_at");
        command.Parameters.Add(new() { Value = vehicleId });
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(int, float?)>();
        while (await reader.ReadAsync())
        {
            var at = reader.GetFieldValue<DateTimeOffset>(0);
            rows.Add(((int)Math.Round((at - T0).TotalSeconds), reader.IsDBNull(1) ? null : reader.GetFloat(1)));
        }

        return rows;
    }

    [Fact]
    public async Task Rows_are_stored_with_their_optional_fields()
    {
        var vehicle = Guid.NewGuid().ToString("N");

        await _writer.AppendAsync([Point(vehicle, 0), Point(vehicle, 1, speed: null), Point(vehicle, 2)]);

        Assert.Equal([(0, 30f), (1, null), (2, 30f)], await StoredAsync(vehicle));
    }

    [Fact]
    public async Task A_write_holding_pings_already_stored_stores_the_new_ones_and_keeps_the_first_copy()
    {
        var vehicle = Guid.NewGuid().ToString("N");
        await _writer.AppendAsync([Point(vehicle, 0), Point(vehicle, 1)]);

        // Two callers in one write, one resending a stored ping (with another speed) and both sending the same new one.
        var other = Guid.NewGuid().ToString("N");
        await Task.WhenAll(
            _writer.AppendAsync([Point(vehicle, 1, speed: 99), Point(vehicle, 2), Point(vehicle, 3)]),
            _writer.AppendAsync([Point(vehicle, 3), Point(other, 0)]));

        Assert.Equal([(0, 30f), (1, 30f), (2, 30f), (3, 30f)], await StoredAsync(vehicle));
        Assert.Equal([(0, 30f)], await StoredAsync(other));
    }
}
