using Npgsql;
using OmniBiz.GrainInterfaces.Catalog;
using OmniBiz.GrainInterfaces.Fleet;
using OmniBiz.GrainInterfaces.Orders;
using OmniBiz.Tests.Shared;

namespace OmniBiz.Grains.Tests.Projections;

/// <summary>A change whose state is written is answered as a success even when its read-model row cannot be written yet; the row lands later.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ProjectionTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private async Task<int?> VersionInAsync(string table, string id)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT version FROM {table} WHERE id = $1", connection);
        command.Parameters.Add(new() { Value = id });
        return await command.ExecuteScalarAsync() is int version ? version : null;
    }

    private async Task<long> ExecuteAsync(string sql, string id)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new() { Value = id });
        return Convert.ToInt64(await command.ExecuteScalarAsync() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task A_product_created_while_its_row_cannot_be_written_is_answered_and_its_row_and_stock_history_land_later()
    {
        var id = Guid.NewGuid().ToString("N");
        ProjectionFailures.Instance.FailNext("products", id, 3);

        var created = await fixture.Grains.GetGrain<IProductGrain>(id).CreateAsync(new ProductDetails("Lamp", "", "home", 12m, null), 7, "test");

        Assert.Equal(1, created.Version);
        Assert.Null(await VersionInAsync("products", id));
        await Eventually.UntilAsync(() => VersionInAsync("products", id), v => v == 1, Patience, "the product row");
        Assert.Equal(3, ProjectionFailures.Instance.Failed("products", id));
        Assert.Equal(1, await ExecuteAsync("SELECT count(*) FROM stock_movements WHERE product_id = $1 AND stock_after = 7", id));
    }

    [Fact]
    public async Task An_order_paid_while_its_row_cannot_be_written_is_answered_and_the_row_catches_up_to_the_latest_version()
    {
        var productId = Guid.NewGuid().ToString("N");
        await fixture.Grains.GetGrain<IProductGrain>(productId).CreateAsync(new ProductDetails("Kettle", "", "kitchen", 20m, null), 5, "test");
        var orderId = Guid.NewGuid().ToString("N");
        var customer = new Actor($"customer-{Guid.NewGuid():N}", IsStaff: false);
        ProjectionFailures.Instance.FailNext("orders", orderId, 2);

        var grain = fixture.Grains.GetGrain<IOrderGrain>(orderId);
        await grain.PlaceAsync(new PlaceOrder(customer.UserId, "3 Low Road", null, [new OrderItemRequest(productId, 1)], false));
        var paid = await grain.PayAsync(new PaymentRequest(20m, "test_card", null, Guid.NewGuid().ToString("N"), customer.UserId), customer);

        Assert.Equal(OrderStatuses.Paid, paid.Order.Status);
        await Eventually.UntilAsync(() => VersionInAsync("orders", orderId), v => v == paid.Order.Version, Patience, "the order row at the paid version");
        Assert.Equal(1, await ExecuteAsync("SELECT count(*) FROM orders WHERE id = $1 AND status = 'paid'", orderId));
    }

    [Fact]
    public async Task A_row_that_drifted_is_repaired_when_its_grain_is_activated_again()
    {
        var id = Guid.NewGuid().ToString("N");
        var location = fixture.Grains.GetGrain<ILocationGrain>(id);
        var created = await location.CreateAsync(new LocationDetails("Depot", "warehouse", 51.5, -0.1, null));
        Assert.Equal(created.Version, await VersionInAsync("locations", id));

        // As if the silo had died between the state write and the row write.
        await ExecuteAsync("DELETE FROM locations WHERE id = $1", id);
        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        Assert.NotNull(await location.GetAsync());
        await Eventually.UntilAsync(() => VersionInAsync("locations", id), v => v == created.Version, Patience, "the repaired location row");
    }
}
