using System.Text.Json;
using Npgsql;
using OmniBiz.GrainInterfaces.Purchasing;
using OmniBiz.Grains.Purchasing;
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

    /// <summary>Products below their reorder point counting open purchase orders (drafts included), by name.</summary>
    public async Task<IReadOnlyList<ReorderSuggestion>> SuggestionsAsync(string? productId, int limit, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("""
            WITH incoming AS (
                SELECT l->>'productId' AS product_id, sum(greatest((l->>'quantity')::int - (l->>'received')::int, 0))::int AS quantity
                  FROM purchase_orders po, jsonb_array_elements(po.document->'lines') l
                 WHERE po.status = ANY($1)
                 GROUP BY 1)
            SELECT p.id, p.name, p.stock, coalesce(i.quantity, 0), p.reorder_point, p.reorder_quantity,
                   best.id, best.name, best.cost, best.lead
              FROM products p
              LEFT JOIN incoming i ON i.product_id = p.id
              LEFT JOIN LATERAL (
                    SELECT s.id, s.name, (sp->>'unitCost')::numeric AS cost, (sp->>'leadTimeDays')::int AS lead
                      FROM suppliers s, jsonb_array_elements(s.document->'products') sp
                     WHERE s.active AND sp->>'productId' = p.id
                     ORDER BY cost, lead, s.id
                     LIMIT 1) best ON true
             WHERE p.reorder_point IS NOT NULL AND p.active
               AND p.stock + coalesce(i.quantity, 0) < p.reorder_point
               AND ($2::text IS NULL OR p.id = $2)
             ORDER BY p.name, p.id
             LIMIT $3
            """);
        command.Parameters.Add(new() { Value = PurchaseOrderStatuses.Open.ToArray() });
        command.Parameters.Add(new() { Value = (object?)productId ?? DBNull.Value, DataTypeName = "text" });
        command.Parameters.Add(new() { Value = limit });
        var suggestions = new List<ReorderSuggestion>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var (stock, incoming, point, quantity) = (reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4), reader.GetInt32(5));
            suggestions.Add(new ReorderSuggestion(
                reader.GetString(0), reader.GetString(1), stock, incoming, point, quantity, Math.Min(Math.Max(quantity, point - stock - incoming), PurchaseOrderRules.MaxLineQuantity),
                reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetDecimal(8), reader.IsDBNull(9) ? null : reader.GetInt32(9)));
        }

        return suggestions;
    }

    private static void AddCursor(NpgsqlCommand command, (DateTimeOffset At, string Id)? after, int limit)
    {
        command.Parameters.Add(new() { Value = after is { } a ? a.At : DBNull.Value, DataTypeName = "timestamptz" });
        command.Parameters.Add(new() { Value = after is { } b ? b.Id : "", DataTypeName = "text" });
        command.Parameters.Add(new() { Value = limit + 1 });
    }
}
