using System.Collections.Immutable;
using Npgsql;
using OmniBiz.GrainInterfaces.Common;
using OmniBiz.GrainInterfaces.Fleet;

namespace OmniBiz.Grains.Tests.Fleet;

[Collection(ClusterCollection.Name)]
public sealed class VehicleGrainTests(ClusterFixture fixture)
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddMinutes(-30).ToUnixTimeSeconds());

    private async Task<(IVehicleGrain Vehicle, string Token)> NewVehicleAsync()
    {
        var vehicle = fixture.Grains.GetGrain<IVehicleGrain>(Guid.NewGuid().ToString("N"));
        await vehicle.CreateAsync("Van 1", "OB-123");
        return (vehicle, await vehicle.IssueDeviceTokenAsync());
    }

    private static Ping At(int seconds, double lat = 52.37, double lng = 4.89, double? speed = null, double? accuracy = null) =>
        new(lat, lng, speed, null, accuracy, T0.AddSeconds(seconds));

    private async Task<List<DateTimeOffset>> TrailAsync(string vehicleId)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT recorded_at FROM vehicle_positions WHERE vehicle_id = $1 ORDER BY recorded_at", connection);
        command.Parameters.Add(new() { Value = vehicleId });
        var times = new List<DateTimeOffset>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            times.Add(reader.GetFieldValue<DateTimeOffset>(0));
        }

        return times;
    }

    [Fact]
    public async Task Each_bad_ping_is_rejected_with_its_reason_and_the_good_ones_are_stored_before_the_answer()
    {
        var (vehicle, token) = await NewVehicleAsync();
        var now = DateTimeOffset.UtcNow;
        ImmutableArray<Ping> batch =
        [
            At(0),
            new(91, 4.89, null, null, null, now),
            new(double.NaN, 4.89, null, null, null, now),
            new(52.37, 4.89, -5, null, null, now),
            new(52.37, 4.89, null, 360, null, now),
            new(52.37, 4.89, null, null, 5000, now),
            new(52.37, 4.89, null, null, null, now.AddMinutes(5)),
            new(52.37, 4.89, null, null, null, now.AddDays(-30)),
            At(0),
            At(10),
        ];

        var result = await vehicle.IngestAsync(token, batch, null);

        Assert.Equal(2, result.Accepted);
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8], result.Rejected.Select(r => r.Index));
        Assert.Contains("lat", result.Rejected[0].Reason, StringComparison.Ordinal);
        Assert.Contains("lat", result.Rejected[1].Reason, StringComparison.Ordinal);
        Assert.Contains("speedKph", result.Rejected[2].Reason, StringComparison.Ordinal);
        Assert.Contains("heading", result.Rejected[3].Reason, StringComparison.Ordinal);
        Assert.Contains("accuracyM", result.Rejected[4].Reason, StringComparison.Ordinal);
        Assert.Contains("future", result.Rejected[5].Reason, StringComparison.Ordinal);
        Assert.Contains("older", result.Rejected[6].Reason, StringComparison.Ordinal);
        Assert.Contains("duplicate", result.Rejected[7].Reason, StringComparison.Ordinal);

        // Durable before the answer: the rows are in PostgreSQL already.
        Assert.Equal([T0, T0.AddSeconds(10)], await TrailAsync(vehicle.GetPrimaryKeyString()));
    }

    [Fact]
    public async Task Out_of_order_and_repeated_pings_are_stored_once_in_time_order_and_never_move_the_vehicle_back()
    {
        var (vehicle, token) = await NewVehicleAsync();
        await vehicle.IngestAsync(token, [At(30, lat: 52.40), At(10, lat: 52.38)], null);
        var late = await vehicle.IngestAsync(token, [At(20, lat: 52.39), At(10, lat: 52.38), At(0, lat: 52.37)], null);

        Assert.Equal(2, late.Accepted);
        Assert.Equal("duplicate", late.Rejected.Single().Reason[..9]);
        Assert.Equal([T0, T0.AddSeconds(10), T0.AddSeconds(20), T0.AddSeconds(30)], await TrailAsync(vehicle.GetPrimaryKeyString()));
        var latest = (await vehicle.GetAsync())!.LastPosition!;
        Assert.Equal((52.40, T0.AddSeconds(30)), (latest.Lat, latest.RecordedAt));
    }

    [Fact]
    public async Task A_retried_batch_with_the_same_key_answers_the_first_result()
    {
        var (vehicle, token) = await NewVehicleAsync();
        var first = await vehicle.IngestAsync(token, [At(0), At(5)], "batch-1");
        var retry = await vehicle.IngestAsync(token, [At(0), At(5)], "batch-1");
        Assert.Equal(first, retry);
        Assert.Equal(2, retry.Accepted);
    }

    [Fact]
    public async Task Standing_still_with_gps_jitter_adds_nothing_to_the_odometer_and_driving_does()
    {
        var (vehicle, token) = await NewVehicleAsync();
        var random = new Random(7);
        var parked = Enumerable.Range(0, 60)
            .Select(i => At(i, lat: 52.37 + (random.NextDouble() - 0.5) * 0.0001, lng: 4.89 + (random.NextDouble() - 0.5) * 0.0001, speed: 0, accuracy: 8))
            .ToImmutableArray();
        await vehicle.IngestAsync(token, parked, null);
        var afterParking = (await vehicle.GetAsync())!;
        Assert.Equal(0, afterParking.OdometerKm);
        Assert.False(afterParking.Moving);

        // About 1.1 km north in 0.001-degree steps of ~111 m.
        var drive = Enumerable.Range(1, 10).Select(i => At(60 + i * 10, lat: 52.37 + i * 0.001, speed: 40, accuracy: 5)).ToImmutableArray();
        await vehicle.IngestAsync(token, drive, null);
        var afterDriving = (await vehicle.GetAsync())!;
        Assert.InRange(afterDriving.OdometerKm, 1.05, 1.17);
        Assert.True(afterDriving.Moving);
        Assert.True(afterDriving.Online);
    }

    [Fact]
    public async Task A_revoked_or_replaced_device_token_is_refused()
    {
        var (vehicle, token) = await NewVehicleAsync();
        var replacement = await vehicle.IssueDeviceTokenAsync();
        Assert.Equal(DomainErrorKind.Forbidden, (await Assert.ThrowsAsync<DomainException>(() => vehicle.IngestAsync(token, [At(0)], null))).Kind);
        Assert.Equal(1, (await vehicle.IngestAsync(replacement, [At(0)], null)).Accepted);

        await vehicle.RevokeDeviceTokensAsync();
        Assert.Equal(DomainErrorKind.Forbidden, (await Assert.ThrowsAsync<DomainException>(() => vehicle.IngestAsync(replacement, [At(1)], null))).Kind);
    }

    [Fact]
    public async Task After_losing_its_unsaved_state_a_vehicle_replays_the_trail_it_acknowledged()
    {
        var (vehicle, token) = await NewVehicleAsync();
        await vehicle.IngestAsync(token, [At(0, lat: 52.37)], null);
        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        // Rows acknowledged by an activation that then crashed before its periodic state write.
        await using (var connection = new NpgsqlConnection(fixture.ConnectionString))
        {
            await connection.OpenAsync();
            await using var insert = new NpgsqlCommand("""
                INSERT INTO vehicle_positions (vehicle_id, recorded_at, lat, lng, speed_kph) VALUES
                ($1, $2, 52.38, 4.89, 30), ($1, $3, 52.39, 4.89, 30)
                """, connection);
            insert.Parameters.Add(new() { Value = vehicle.GetPrimaryKeyString() });
            insert.Parameters.Add(new() { Value = T0.AddSeconds(60) });
            insert.Parameters.Add(new() { Value = T0.AddSeconds(120) });
            await insert.ExecuteNonQueryAsync();
        }

        var recovered = (await vehicle.GetAsync())!;
        Assert.Equal((52.39, T0.AddSeconds(120)), (recovered.LastPosition!.Lat, recovered.LastPosition.RecordedAt));
        Assert.InRange(recovered.OdometerKm, 2.1, 2.3);
        Assert.Equal(0, (await vehicle.IngestAsync(token, [At(120, lat: 52.39)], null)).Accepted);
    }
}
