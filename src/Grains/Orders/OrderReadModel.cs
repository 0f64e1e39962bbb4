using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using OmniBiz.GrainInterfaces.Orders;
using OmniBiz.Grains.Projections;
using OmniBiz.Grains.Realtime;

namespace OmniBiz.Grains.Orders;

/// <summary>
/// Keeps the <c>orders</c> list table in step with order grains (version-guarded, idempotent); rows go through the
/// silo's <see cref="ReadModelWriter"/>, sharing a transaction with the other projections made meanwhile.
/// </summary>
public sealed class OrderReadModel(ReadModelWriter writer)
{
    public Task SaveAsync(Order order)
    {
        var document = JsonSerializer.Serialize(order, RealtimeJson.Options);
        return writer.WriteAsync(() => [Row(order, document)]);
    }

    private static NpgsqlBatchCommand Row(Order order, string document)
    {
        var command = new NpgsqlBatchCommand("""
            INSERT INTO orders (id, order_number, customer_id, status, total, created_at, updated_at, version, document)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            ON CONFLICT (id) DO UPDATE SET
                status = EXCLUDED.status, total = EXCLUDED.total, updated_at = EXCLUDED.updated_at,
                version = EXCLUDED.version, document = EXCLUDED.document
            WHERE orders.version < EXCLUDED.version
            """);
        command.Parameters.Add(new() { Value = order.Id });
        command.Parameters.Add(new() { Value = order.OrderNumber });
        command.Parameters.Add(new() { Value = order.CustomerId });
        command.Parameters.Add(new() { Value = order.Status });
        command.Parameters.Add(new() { Value = order.Total });
        command.Parameters.Add(new() { Value = order.CreatedAt });
        command.Parameters.Add(new() { Value = order.UpdatedAt });
        command.Parameters.Add(new() { Value = order.Version });
        command.Parameters.Add(new() { Value = document, NpgsqlDbType = NpgsqlDbType.Jsonb });
        return command;
    }
}
