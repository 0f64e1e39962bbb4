using Npgsql;
using OmniBiz.GrainInterfaces.Catalog;
using OmniBiz.WebHost.Common;

namespace OmniBiz.WebHost.Catalog;

/// <summary>Reads product lists from the <c>products</c> read model.</summary>
public sealed class ProductQueries(NpgsqlDataSource db)
{
    public async Task<Page<Product>> ListAsync(string? search, string? category, bool? inStock, int limit, string? cursor, CancellationToken cancellationToken)
    {
        var after = Paging.Decode(cursor);
        await using var command = db.CreateCommand("""
            SELECT id, name, description, category, price, stock, image_url, created_at, version
              FROM products
             WHERE ($1::text IS NULL OR name ILIKE '%' || $1 || '%' OR description ILIKE '%' || $1 || '%')
               AND ($2::text IS NULL OR category = $2)
               AND ($3::boolean IS NULL OR (stock > 0) = $3)
               AND ($4::timestamptz IS NULL OR (created_at, id) < ($4, $5))
             ORDER BY created_at DESC, id DESC
             LIMIT $6
            """);
        command.Parameters.Add(new() { Value = string.IsNullOrWhiteSpace(search) ? DBNull.Value : EscapeLike(search.Trim()), DataTypeName = "text" });
        command.Parameters.Add(new() { Value = string.IsNullOrWhiteSpace(category) ? DBNull.Value : category.Trim(), DataTypeName = "text" });
        command.Parameters.Add(new() { Value = inStock is { } flag ? flag : DBNull.Value, DataTypeName = "boolean" });
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
                reader.GetFieldValue<DateTimeOffset>(7), reader.GetInt32(8)));
        }

        string? next = null;
        if (items.Count > limit)
        {
            items.RemoveAt(limit);
            next = Paging.Encode(items[^1].CreatedAt, items[^1].Id);
        }

        return new Page<Product>([.. items], next);
    }

    private static string EscapeLike(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
