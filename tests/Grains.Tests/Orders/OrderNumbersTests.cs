using Npgsql;
using OmniBiz.Grains.Orders;

namespace OmniBiz.Grains.Tests.Orders;

/// <summary>Order numbers are unique under concurrency and taken from the sequence a block at a time.</summary>
[Collection(ClusterCollection.Name)]
public sealed class OrderNumbersTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Concurrent_orders_get_distinct_numbers_from_few_round_trips()
    {
        await using var db = NpgsqlDataSource.Create(fixture.ConnectionString);
        using var numbers = new OrderNumbers(db);
        var before = await LastValueAsync(db);

        var taken = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => numbers.NextAsync()));

        Assert.Equal(100, taken.Distinct().Count());
        Assert.All(taken, n => Assert.StartsWith("OB-", n, StringComparison.Ordinal));
        // A hundred numbers came from two whole blocks taken from the sequence, not from a hundred round trips.
        Assert.InRange(await LastValueAsync(db) - before, 2 * OrderNumbers.Block, 3 * OrderNumbers.Block);
    }

    private static async Task<long> LastValueAsync(NpgsqlDataSource db)
    {
        await using var command = db.CreateCommand("SELECT last_value FROM order_numbers");
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
