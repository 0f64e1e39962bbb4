using System.Text.Json;
using Npgsql;
using OmniBiz.GrainInterfaces.Purchasing;
using OmniBiz.WebHost.Common;

namespace OmniBiz.WebHost.Purchasing;

/// <summary>Reads supplier and purchase order lists and the activity feed from the purchasing read models.</summary>
public sealed class PurchasingQueries(NpgsqlDataSource db)
{
    public async Task<Page<JsonElement>> SuppliersAsync(string? search, bool? active, int limit, string? cursor, CancellationToken cancellationToken)
    {
        var after = Paging.Decode(cursor);
        await using var command = db.CreateCommand("""
            SELECT document::text, created_at, id
              FROM suppliers
             WHERE ($1::text IS NULL OR strpos(search_text, $1) > 0)
               AND ($2::boolean IS NULL OR active = $2)
               AND ($3::timestamptz IS NULL OR (created_at, id) < ($3, $4))
             ORDER BY created_at DESC, id DESC
             LIMIT $5
            """);
        command.Parameters.Add(new() { Value = string.IsNullOrWhiteSpace(search) ? DBNull.Value : search.Trim().ToLowerInvariant(), DataTypeName = "text" });
        command.Parameters.Add(new() { Value = active is { } flag ? flag : DBNull.Value, DataTypeName = "boolean" });
        AddCursor(command, after, limit);
        return await DocumentPage.ReadAsync(command, limit, cancellationToken);
    }

    /// <summary>Purchase orders newest first; <c>overdue</c> is worked out at read time (expected date passed, still open).</summary>
    public async Task<Page<JsonElement>> OrdersAsync(string? status, string? supplierId, bool? overdue, int limit, string? cursor, CancellationToken cancellationToken)
    {
        var after = Paging.Decode(cursor);
        await using var command = db.CreateCommand("""
            SELECT jsonb_set(document, '{overdue}', to_jsonb(o.overdue))::text, created_at, id
              FROM (SELECT *, (expected_at IS NOT NULL AND expected_at < now() AND status = ANY($6)) AS overdue FROM purchase_orders) o
             WHERE ($1::text IS NULL OR status = $1)
               AND ($2::text IS NULL OR supplier_id = $2)
               AND ($7::boolean IS NULL OR o.overdue = $7)
               AND ($3::timestamptz IS NULL OR (created_at, id) < ($3, $4))
             ORDER BY created_at DESC, id DESC
             LIMIT $5
            """);
        command.Parameters.Add(new() { Value = (object?)status ?? DBNull.Value, DataTypeName = "text" });
        command.Parameters.Add(new() { Value = (object?)supplierId ?? DBNull.Value, DataTypeName = "text" });
        AddCursor(command, after, limit);
        command.Parameters.Add(new() { Value = PurchaseOrderStatuses.Open.ToArray() });
        command.Parameters.Add(new() { Value = overdue is { } flag ? flag : DBNull.Value, DataTypeName = "boolean" });
        return await DocumentPage.ReadAsync(command, limit, cancellationToken);
    }

    public async Task<Page<JsonElement>> ActivityAsync(string? purchaseOrderId, string? supplierId, int limit, string? cursor, CancellationToken cancellationToken)
    {
        var after = Paging.Decode(cursor);
        await using var command = db.CreateCommand("""
            SELECT jsonb_build_object('id', id, 'at', at, 'kind', kind, 'purchaseOrderId', purchase_order_id, 'supplierId', supplier_id,
                                      'actorId', actor_id, 'summary', summary, 'data', data)::text, at, id
              FROM purchasing_activity
             WHERE ($1::text IS NULL OR purchase_order_id = $1)
               AND ($2::text IS NULL OR supplier_id = $2)
               AND ($3::timestamptz IS NULL OR (at, id) < ($3, $4))
             ORDER BY at DESC, id DESC
             LIMIT $5
            """);
        command.Parameters.Add(new() { Value = (object?)purchaseOrderId ?? DBNull.Value, DataTypeName = "text" });
        command.Parameters.Add(new() { Value = (object?)supplierId ?? DBNull.Value, DataTypeName = "text" });
        AddCursor(command, after, limit);
        return await DocumentPage.ReadAsync(command, limit, cancellationToken);
    }

    private static void AddCursor(NpgsqlCommand command, (DateTimeOffset At, string Id)? after, int limit)
    {
        command.Parameters.Add(new() { Value = after is { } a ? a.At : DBNull.Value, DataTypeName = "timestamptz" });
        command.Parameters.Add(new() { Value = after is { } b ? b.Id : "", DataTypeName = "text" });
        command.Parameters.Add(new() { Value = limit + 1 });
    }
}
