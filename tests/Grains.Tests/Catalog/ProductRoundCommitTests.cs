using Npgsql;
using OmniBiz.GrainInterfaces.Catalog;
using OmniBiz.GrainInterfaces.Common;

namespace OmniBiz.Grains.Tests.Catalog;

/// <summary>
/// A popular product stores reservations in rounds: many callers at once share a state write, none is oversold, and
/// each caller's reservation is stored when it is answered.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ProductRoundCommitTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Reservations_racing_for_one_product_share_state_writes_and_never_oversell()
    {
        var productId = Guid.NewGuid().ToString("N");
        var product = fixture.Grains.GetGrain<IProductGrain>(productId);
        await product.CreateAsync(new ProductDetails($"Lamp {productId}", "", "home", 10m, null), 30, "test");

        var attempts = await Task.WhenAll(Enumerable.Range(0, 40).Select(async i =>
        {
            try
            {
                return await product.ReserveAsync($"order-{i}", 1) is { Quantity: 1 };
            }
            catch (DomainException e) when (e.Kind == DomainErrorKind.Conflict)
            {
                return false;
            }
        }));

        Assert.Equal(30, attempts.Count(reserved => reserved));
        var reservations = await product.GetReservationsAsync();
        Assert.Equal(30, reservations.Count);
        Assert.Equal(0, (await product.GetAsync())!.Stock);

        // Stored as answered: a fresh activation reads every reservation back.
        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        Assert.Equal(30, (await product.GetReservationsAsync()).Count);

        // The stored state's version counts its writes: the creation plus far fewer rounds than the 30 reservations.
        var writes = await StoredVersionAsync(productId);
        Assert.InRange(writes, 2, 25);
    }

    private async Task<int> StoredVersionAsync(string productId)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        // String keys are stored by their hash: the row is found by the product's unique name inside its payload.
        await using var command = new NpgsqlCommand(
            "SELECT version FROM orleans_storage WHERE grain_type = 'product' AND position(convert_to($1, 'UTF8') IN payload) > 0", connection);
        command.Parameters.AddWithValue(productId);
        return (int)(await command.ExecuteScalarAsync() ?? 0);
    }
}
