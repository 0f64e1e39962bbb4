using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using OmniBiz.GrainInterfaces.Fleet;
using OmniBiz.Grains.Realtime;

namespace OmniBiz.Grains.Fleet;

/// <summary>The fleet's list tables: vehicles (registry), locations and deliveries. Every write is idempotent and version-guarded.</summary>
public sealed class FleetReadModel(NpgsqlDataSource db)
{
    public async Task AddVehicleAsync(Vehicle vehicle)
    {
        await using var command = db.CreateCommand("""
            INSERT INTO vehicles (id, name, plate, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING
            """);
        command.Parameters.Add(new() { Value = vehicle.Id });
        command.Parameters.Add(new() { Value = vehicle.Name });
        command.Parameters.Add(new() { Value = vehicle.Plate });
        command.Parameters.Add(new() { Value = vehicle.CreatedAt });
        await command.ExecuteNonQueryAsync();
    }

    public async Task SaveLocationAsync(Location location, bool deleted)
    {
        await using var command = db.CreateCommand("""
            INSERT INTO locations (id, name, type, lat, lng, address, created_at, version, deleted)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            ON CONFLICT (id) DO UPDATE SET
                name = EXCLUDED.name, type = EXCLUDED.type, lat = EXCLUDED.lat, lng = EXCLUDED.lng,
                address = EXCLUDED.address, version = EXCLUDED.version, deleted = EXCLUDED.deleted
            WHERE locations.version < EXCLUDED.version
            """);
        command.Parameters.Add(new() { Value = location.Id });
        command.Parameters.Add(new() { Value = location.Name });
        command.Parameters.Add(new() { Value = location.Type });
        command.Parameters.Add(new() { Value = location.Lat });
        command.Parameters.Add(new() { Value = location.Lng });
        command.Parameters.Add(new() { Value = (object?)location.Address ?? DBNull.Value });
        command.Parameters.Add(new() { Value = location.CreatedAt });
        command.Parameters.Add(new() { Value = location.Version });
        command.Parameters.Add(new() { Value = deleted });
        await command.ExecuteNonQueryAsync();
    }

    public async Task SaveDeliveryAsync(Delivery delivery)
    {
        await using var command = db.CreateCommand("""
            INSERT INTO deliveries (id, order_id, vehicle_id, status, started_at, version, document)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, version = EXCLUDED.version, document = EXCLUDED.document
            WHERE deliveries.version < EXCLUDED.version
            """);
        command.Parameters.Add(new() { Value = delivery.Id });
        command.Parameters.Add(new() { Value = delivery.OrderId });
        command.Parameters.Add(new() { Value = delivery.VehicleId });
        command.Parameters.Add(new() { Value = delivery.Status });
        command.Parameters.Add(new() { Value = delivery.StartedAt });
        command.Parameters.Add(new() { Value = delivery.Version });
        command.Parameters.Add(new() { Value = JsonSerializer.Serialize(delivery, RealtimeJson.Options), NpgsqlDbType = NpgsqlDbType.Jsonb });
        await command.ExecuteNonQueryAsync();
    }
}
