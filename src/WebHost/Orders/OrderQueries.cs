using System.Text.Json;
using Npgsql;
using OmniBiz.WebHost.Common;

namespace OmniBiz.WebHost.Orders;

/// <summary>Reads order lists from the <c>orders</c> read model (documents as the order grain last wrote them).</summary>
public sealed class OrderQueries(NpgsqlDataSource db)
{
    public async Task<Page<JsonElement>> ListAsync(string? customerId, string? status, int limit, string? cursor, CancellationToken cancellationToken)
    {
        var after = Paging.Decode(cursor);
        await using var command = db.CreateCommand("""
            SELECT document::text, created_at, id
              FROM orders
             WHERE ($1::text IS NULL OR customer_id = $1)
               AND ($2::text IS NULL OR status = $2)
               AND ($3::timestamptz IS NULL OR (created_at, id) < ($3, $4))
             ORDER BY created_at DESC, id DESC
             LIMIT $5
            """);
        command.Parameters.Add(new() { Value = (object?)customerId ?? DBNull.Value, DataTypeName = "text" });
        command.Parameters.Add(new() { Value = (object?)status ?? DBNull.Value, DataTypeName = "text" });
        command.Parameters.Add(new() { Value = after is { } a ? a.At : DBNull.Value, DataTypeName = "timestamptz" });
        command.Parameters.Add(new() { Value = after is { } b ? b.Id : "", DataTypeName = "text" });
        command.Parameters.Add(new() { Value = limit + 1 });

        return await DocumentPage.ReadAsync(command, limit, cancellationToken);
    }
}
