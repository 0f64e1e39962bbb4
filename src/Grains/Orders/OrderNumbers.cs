using System.Globalization;
using Npgsql;

namespace OmniBiz.Grains.Orders;

/// <summary>Human-friendly order numbers from a PostgreSQL sequence: unique across the cluster, never reused.</summary>
public sealed class OrderNumbers(NpgsqlDataSource db)
{
    public async Task<string> NextAsync()
    {
        await using var command = db.CreateCommand("SELECT nextval('order_numbers')");
        var next = (long)(await command.ExecuteScalarAsync())!;
        return string.Create(CultureInfo.InvariantCulture, $"OB-{next}");
    }
}
