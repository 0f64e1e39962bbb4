using Npgsql;
using OmniBiz.GrainInterfaces.Catalog;
using OmniBiz.Grains.Projections;

namespace OmniBiz.Grains.Catalog;

/// <summary>
/// Keeps the <c>products</c> table (lists and search) and the <c>stock_movements</c> history in step with product
/// grains, in one transaction shared with the other projections the silo's <see cref="ReadModelWriter"/> holds. Both
/// writes are idempotent: a retried save changes nothing twice, and the product row only ever moves to a newer version.
/// </summary>
public sealed class ProductReadModel(ReadModelWriter writer)
{
    public Task SaveAsync(Product product, IReadOnlyCollection<StockMovement> movements) =>
        writer.WriteAsync(() => Rows(product, movements));

    private static IEnumerable<NpgsqlBatchCommand> Rows(Product product, IReadOnlyCollection<StockMovement> movements)
    {
        var upsert = new NpgsqlBatchCommand("""
            INSERT INTO products (id, name, description, category, price, stock, image_url, active, created_at, version, reorder_point, reorder_quantity)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
            ON CONFLICT (id) DO UPDATE SET
                name = EXCLUDED.name, description = EXCLUDED.description, category = EXCLUDED.category,
                price = EXCLUDED.price, stock = EXCLUDED.stock, image_url = EXCLUDED.image_url,
                active = EXCLUDED.active, version = EXCLUDED.version,
                reorder_point = EXCLUDED.reorder_point, reorder_quantity = EXCLUDED.reorder_quantity
            WHERE products.version < EXCLUDED.version
            """);
        upsert.Parameters.Add(new() { Value = product.Id });
        upsert.Parameters.Add(new() { Value = product.Name });
        upsert.Parameters.Add(new() { Value = product.Description });
        upsert.Parameters.Add(new() { Value = product.Category });
        upsert.Parameters.Add(new() { Value = product.Price });
        upsert.Parameters.Add(new() { Value = product.Stock });
        upsert.Parameters.Add(new() { Value = (object?)product.ImageUrl ?? DBNull.Value });
        upsert.Parameters.Add(new() { Value = product.Active });
        upsert.Parameters.Add(new() { Value = product.CreatedAt });
        upsert.Parameters.Add(new() { Value = product.Version });
        upsert.Parameters.Add(new() { Value = product.ReorderPoint is { } point ? point : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
        upsert.Parameters.Add(new() { Value = product.ReorderQuantity is { } quantity ? quantity : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
        yield return upsert;

        foreach (var movement in movements)
        {
            var history = new NpgsqlBatchCommand("""
                INSERT INTO stock_movements (product_id, version, delta, stock_after, reason, actor_id, order_id, at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                ON CONFLICT (product_id, version) DO NOTHING
                """);
            history.Parameters.Add(new() { Value = product.Id });
            history.Parameters.Add(new() { Value = movement.Version });
            history.Parameters.Add(new() { Value = movement.Delta });
            history.Parameters.Add(new() { Value = movement.StockAfter });
            history.Parameters.Add(new() { Value = movement.Reason });
            history.Parameters.Add(new() { Value = (object?)movement.ActorId ?? DBNull.Value });
            history.Parameters.Add(new() { Value = (object?)movement.OrderId ?? DBNull.Value });
            history.Parameters.Add(new() { Value = movement.At });
            yield return history;
        }
    }
}
