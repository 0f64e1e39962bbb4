using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using OmniBiz.GrainInterfaces.Purchasing;
using OmniBiz.Grains.Realtime;

namespace OmniBiz.Grains.Purchasing;

/// <summary>
/// Keeps the <c>purchase_orders</c> list table and the <c>purchasing_activity</c> feed in step with purchase order
/// grains, in one round trip. Both writes are idempotent: the row is version-guarded, entries are keyed by id.
/// </summary>
public sealed class PurchaseOrderReadModel(NpgsqlDataSource db)
{
    public async Task SaveAsync(PurchaseOrder order, IReadOnlyCollection<PurchasingActivity> activity)
    {
        await using var batch = db.CreateBatch();
        var upsert = new NpgsqlBatchCommand("""
            INSERT INTO purchase_orders (id, number, supplier_id, status, expected_at, created_at, updated_at, version, document)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            ON CONFLICT (id) DO UPDATE SET
                supplier_id = EXCLUDED.supplier_id, status = EXCLUDED.status, expected_at = EXCLUDED.expected_at,
                updated_at = EXCLUDED.updated_at, version = EXCLUDED.version, document = EXCLUDED.document
            WHERE purchase_orders.version < EXCLUDED.version
            """);
        upsert.Parameters.Add(new() { Value = order.Id });
        upsert.Parameters.Add(new() { Value = order.Number });
        upsert.Parameters.Add(new() { Value = order.SupplierId });
        upsert.Parameters.Add(new() { Value = order.Status });
        upsert.Parameters.Add(new() { Value = order.Delivery.ExpectedAt is { } expected ? expected : DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        upsert.Parameters.Add(new() { Value = order.CreatedAt });
        upsert.Parameters.Add(new() { Value = order.UpdatedAt });
        upsert.Parameters.Add(new() { Value = order.Version });
        upsert.Parameters.Add(new() { Value = JsonSerializer.Serialize(order, RealtimeJson.Options), NpgsqlDbType = NpgsqlDbType.Jsonb });
        batch.BatchCommands.Add(upsert);

        foreach (var entry in activity)
        {
            var insert = new NpgsqlBatchCommand("""
                INSERT INTO purchasing_activity (id, at, kind, purchase_order_id, supplier_id, actor_id, summary, data)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                ON CONFLICT (id) DO NOTHING
                """);
            insert.Parameters.Add(new() { Value = entry.Id });
            insert.Parameters.Add(new() { Value = entry.At });
            insert.Parameters.Add(new() { Value = entry.Kind });
            insert.Parameters.Add(new() { Value = entry.PurchaseOrderId });
            insert.Parameters.Add(new() { Value = entry.SupplierId });
            insert.Parameters.Add(new() { Value = entry.ActorId });
            insert.Parameters.Add(new() { Value = entry.Summary });
            insert.Parameters.Add(new() { Value = entry.Data, NpgsqlDbType = NpgsqlDbType.Jsonb });
            batch.BatchCommands.Add(insert);
        }

        await batch.ExecuteNonQueryAsync();
    }
}
