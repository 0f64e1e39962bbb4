using System.Globalization;
using Npgsql;

namespace OmniBiz.Grains.Purchasing;

/// <summary>Purchase order numbers (<c>PO-2026-00042</c>) from a PostgreSQL sequence: unique across the cluster, never reused.</summary>
public sealed class PurchaseOrderNumbers(NpgsqlDataSource db, TimeProvider clock)
{
    public async Task<string> NextAsync()
    {
        await using var command = db.CreateCommand("SELECT nextval('purchase_order_numbers')");
        var next = (long)(await command.ExecuteScalarAsync())!;
        return string.Create(CultureInfo.InvariantCulture, $"PO-{clock.GetUtcNow().Year}-{next:D5}");
    }
}
