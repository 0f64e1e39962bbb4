using Npgsql;
using OmniBiz.GrainInterfaces.Catalog;

namespace OmniBiz.Grains.Catalog;

/// <summary>Keeps the <c>products</c> table (lists and search) in step with product grains.</summary>
public sealed class ProductReadModel(NpgsqlDataSource db)
{
    public async Task UpsertAsync(Product product)
    {
        await using var command = db.CreateCommand("""
            INSERT INTO products (id, name, description, category, price, stock, image_url, created_at, version)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            ON CONFLICT (id) DO UPDATE SET
                name = EXCLUDED.name, description = EXCLUDED.description, category = EXCLUDED.category,
                price = EXCLUDED.price, stock = EXCLUDED.stock, image_url = EXCLUDED.image_url,
                version = EXCLUDED.version
            WHERE products.version < EXCLUDED.version
            """);
        command.Parameters.Add(new() { Value = product.Id });
        command.Parameters.Add(new() { Value = product.Name });
        command.Parameters.Add(new() { Value = product.Description });
        command.Parameters.Add(new() { Value = product.Category });
        command.Parameters.Add(new() { Value = product.Price });
        command.Parameters.Add(new() { Value = product.Stock });
        command.Parameters.Add(new() { Value = (object?)product.ImageUrl ?? DBNull.Value });
        command.Parameters.Add(new() { Value = product.CreatedAt });
        command.Parameters.Add(new() { Value = product.Version });
        await command.ExecuteNonQueryAsync();
    }
}
