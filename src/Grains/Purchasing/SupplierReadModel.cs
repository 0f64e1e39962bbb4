using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using OmniBiz.GrainInterfaces.Purchasing;
using OmniBiz.Grains.Realtime;

namespace OmniBiz.Grains.Purchasing;

/// <summary>Keeps the <c>suppliers</c> list table in step with supplier grains (version-guarded, idempotent).</summary>
public sealed class SupplierReadModel(NpgsqlDataSource db)
{
    public async Task SaveAsync(Supplier supplier)
    {
        await using var command = db.CreateCommand("""
            INSERT INTO suppliers (id, name, active, search_text, created_at, version, document)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT (id) DO UPDATE SET
                name = EXCLUDED.name, active = EXCLUDED.active, search_text = EXCLUDED.search_text,
                version = EXCLUDED.version, document = EXCLUDED.document
            WHERE suppliers.version < EXCLUDED.version
            """);
        command.Parameters.Add(new() { Value = supplier.Id });
        command.Parameters.Add(new() { Value = supplier.Name });
        command.Parameters.Add(new() { Value = supplier.Active });
        command.Parameters.Add(new() { Value = SearchText(supplier) });
        command.Parameters.Add(new() { Value = supplier.CreatedAt });
        command.Parameters.Add(new() { Value = supplier.Version });
        command.Parameters.Add(new() { Value = JsonSerializer.Serialize(supplier, RealtimeJson.Options), NpgsqlDbType = NpgsqlDbType.Jsonb });
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>What a search matches: the name, each contact's name, email and phone, each product's id, name and code.</summary>
    private static string SearchText(Supplier supplier) => string.Join('\n',
        new[] { supplier.Name }
            .Concat(supplier.Contacts.SelectMany(c => new[] { c.Name, c.Email ?? "", c.Phone ?? "" }))
            .Concat(supplier.Products.SelectMany(p => new[] { p.ProductId, p.ProductName, p.SupplierCode ?? "" }))
            .Where(t => t.Length > 0)).ToLowerInvariant();
}
