using System.Text;
using System.Text.RegularExpressions;
using Npgsql;
using OmniBiz.GrainInterfaces.Catalog;
using OmniBiz.WebHost.Common;

namespace OmniBiz.WebHost.Catalog;

/// <summary>Reads product lists and stock history from the read-model tables.</summary>
public sealed partial class ProductQueries(NpgsqlDataSource db)
{
    public async Task<Page<Product>> ListAsync(ProductFilter filter, int limit, string? cursor, CancellationToken cancellationToken)
    {
        var after = Paging.Decode(cursor);
        await using var command = db.CreateCommand("""
            SELECT id, name, description, category, price, stock, image_url, created_at, version, active, reorder_point, reorder_quantity
              FROM products
             WHERE ($1::text IS NULL OR search @@ to_tsquery('simple', $1))
               AND ($2::text IS NULL OR category = $2)
               AND ($3::boolean IS NULL OR (stock > 0) = $3)
               AND ($4 OR active)
               AND ($5::timestamptz IS NULL OR (created_at, id) < ($5, $6))
             ORDER BY created_at DESC, id DESC
             LIMIT $7
            """);
        command.Parameters.Add(new() { Value = PrefixQuery(filter.Search) is { } query ? query : DBNull.Value, DataTypeName = "text" });
        command.Parameters.Add(new() { Value = string.IsNullOrWhiteSpace(filter.Category) ? DBNull.Value : filter.Category.Trim(), DataTypeName = "text" });
        command.Parameters.Add(new() { Value = filter.InStock is { } flag ? flag : DBNull.Value, DataTypeName = "boolean" });
        command.Parameters.Add(new() { Value = filter.IncludeInactive });
        command.Parameters.Add(new() { Value = after is { } a ? a.At : DBNull.Value, DataTypeName = "timestamptz" });
        command.Parameters.Add(new() { Value = after is { } b ? b.Id : "", DataTypeName = "text" });
        command.Parameters.Add(new() { Value = limit + 1 });

        var items = new List<Product>(limit + 1);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new Product(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetDecimal(4), reader.GetInt32(5), reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.GetFieldValue<DateTimeOffset>(7), reader.GetInt32(8), reader.GetBoolean(9),
                reader.IsDBNull(10) ? null : reader.GetInt32(10), reader.IsDBNull(11) ? null : reader.GetInt32(11)));
        }

        return Paging.PageOf(items, limit, p => (p.CreatedAt, p.Id));
    }

    public async Task<IReadOnlyList<StockMovementView>> StockHistoryAsync(string productId, int limit, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("""
            SELECT version, delta, stock_after, reason, actor_id, order_id, at
              FROM stock_movements WHERE product_id = $1 ORDER BY version DESC LIMIT $2
            """);
        command.Parameters.Add(new() { Value = productId });
        command.Parameters.Add(new() { Value = limit });
        var movements = new List<StockMovementView>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            movements.Add(new StockMovementView(
                reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.GetFieldValue<DateTimeOffset>(6)));
        }

        return movements;
    }

    /// <summary>Every word of the search as a prefix (<c>lam des</c> finds "desk lamp"); only letters and digits reach the query.</summary>
    private static string? PrefixQuery(string? search)
    {
        if (string.IsNullOrWhiteSpace(search))
        {
            return null;
        }

        var terms = Words().Matches(search).Select(m => m.Value.ToLowerInvariant() + ":*").Take(10).ToList();
        return terms.Count == 0 ? null : new StringBuilder().AppendJoin(" & ", terms).ToString();
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Words();
}
