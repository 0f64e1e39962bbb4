using System.Collections.Immutable;
using OmniBiz.GrainInterfaces.Catalog;
using OmniBiz.GrainInterfaces.Common;
using OmniBiz.GrainInterfaces.Orders;
using OmniBiz.Tests.Shared;

namespace OmniBiz.Grains.Tests.Orders;

[Collection(ClusterCollection.Name)]
public sealed class CheckoutTests(ClusterFixture fixture)
{
    private async Task<string> NewProductAsync(int stock, decimal price = 5m)
    {
        var id = Guid.NewGuid().ToString("N");
        await fixture.Grains.GetGrain<IProductGrain>(id).CreateAsync(new ProductDetails("Mug", "", "kitchen", price, null), stock, "test");
        return id;
    }

    private static PlaceOrder Checkout(string customerId, params (string ProductId, int Quantity)[] items) =>
        new(customerId, "1 Main Street", null, [.. items.Select(i => new OrderItemRequest(i.ProductId, i.Quantity))], FromCart: false);

    private IOrderGrain NewOrder() => fixture.Grains.GetGrain<IOrderGrain>(Guid.NewGuid().ToString("N"));

    private async Task<(int Stock, ImmutableDictionary<string, int> Reservations)> StockOfAsync(string productId)
    {
        var product = fixture.Grains.GetGrain<IProductGrain>(productId);
        return ((await product.GetAsync())!.Stock, await product.GetReservationsAsync());
    }

    [Fact]
    public async Task Fifty_buyers_racing_for_ten_units_make_exactly_ten_orders_and_stock_ends_at_zero()
    {
        var productId = await NewProductAsync(stock: 10);
        var attempts = Enumerable.Range(0, 50).Select(async i =>
        {
            try
            {
                await NewOrder().PlaceAsync(Checkout($"buyer-{i}", (productId, 1)));
                return true;
            }
            catch (DomainException e) when (e.Kind == DomainErrorKind.Conflict)
            {
                return false;
            }
        });
        var results = await Task.WhenAll(attempts);

        Assert.Equal(10, results.Count(ok => ok));
        Assert.Equal(40, results.Count(ok => !ok));
        var (stock, reservations) = await StockOfAsync(productId);
        Assert.Equal(0, stock);
        Assert.Empty(reservations);
    }

    [Fact]
    public async Task When_one_line_cannot_be_reserved_nothing_is_reserved_and_the_refusal_says_why()
    {
        var plenty = await NewProductAsync(stock: 5);
        var scarce = await NewProductAsync(stock: 1);
        var order = NewOrder();

        var refusal = await Assert.ThrowsAsync<DomainException>(() => order.PlaceAsync(Checkout("c1", (plenty, 2), (scarce, 3))));
        Assert.Equal(DomainErrorKind.Conflict, refusal.Kind);
        Assert.Contains("Only 1", refusal.Message, StringComparison.Ordinal);

        Assert.Equal((5, 0), await StockAndHeldAsync(plenty));
        Assert.Equal((1, 0), await StockAndHeldAsync(scarce));
        Assert.Null(await order.GetAsync());

        // Asking again answers the same refusal, even though stock would now allow part of it.
        var again = await Assert.ThrowsAsync<DomainException>(() => order.PlaceAsync(Checkout("c1", (plenty, 2), (scarce, 3))));
        Assert.Equal(refusal.Message, again.Message);
    }

    [Fact]
    public async Task A_placement_that_crashes_after_reserving_some_lines_leaves_stock_as_it_was()
    {
        var first = await NewProductAsync(stock: 4);
        var second = await NewProductAsync(stock: 4);
        var orderId = Guid.NewGuid().ToString("N");
        PlacementCrashes.Instance.CrashAfter(orderId, linesReserved: 1);
        try
        {
            var order = fixture.Grains.GetGrain<IOrderGrain>(orderId);
            var command = Checkout("c2", (first, 3), (second, 3));
            await Assert.ThrowsAnyAsync<Exception>(() => order.PlaceAsync(command));

            // Lines are reserved side by side: the first, perhaps both, are held by an order that does not exist...
            var held = (await StockOfAsync(first)).Reservations.Count + (await StockOfAsync(second)).Reservations.Count;
            Assert.InRange(held, 1, 2);

            // ...until the recovery reminder (2 s here) releases it, without anyone touching the order.
            await Eventually.UntilAsync(async () => (await StockAndHeldAsync(first), await StockAndHeldAsync(second)),
                s => s.Item1 == (4, 0) && s.Item2 == (4, 0), TimeSpan.FromSeconds(30), "the held stock to be released");
            Assert.Null(await order.GetAsync());

            // The customer's retry (same order id, as the same Idempotency-Key gives) now succeeds.
            PlacementCrashes.Instance.Heal(orderId);
            var placed = await order.PlaceAsync(command);
            Assert.Equal(OrderStatuses.PendingPayment, placed.Status);
            Assert.Equal((1, 0), await StockAndHeldAsync(first));
        }
        finally
        {
            PlacementCrashes.Instance.Heal(orderId);
        }
    }

    [Fact]
    public async Task Five_concurrent_placements_of_one_order_id_make_one_order()
    {
        var productId = await NewProductAsync(stock: 10, price: 2.5m);
        var order = NewOrder();
        var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => order.PlaceAsync(Checkout("c3", (productId, 2)))));

        Assert.Single(results.Select(r => r.OrderNumber).Distinct());
        Assert.All(results, r => Assert.Equal(5m, r.Total));
        Assert.Equal((8, 0), await StockAndHeldAsync(productId));
    }

    [Fact]
    public async Task Lines_are_priced_from_the_catalog_and_repeated_products_merged()
    {
        var cheap = await NewProductAsync(stock: 10, price: 1.25m);
        var dear = await NewProductAsync(stock: 10, price: 99.99m);
        var placed = await NewOrder().PlaceAsync(Checkout("c4", (cheap, 1), (dear, 1), (cheap, 2)));

        Assert.Equal(2, placed.Items.Length);
        Assert.Equal(3, placed.Items.Single(l => l.ProductId == cheap).Quantity);
        Assert.Equal(103.74m, placed.Total);
        Assert.StartsWith("OB-", placed.OrderNumber, StringComparison.Ordinal);
        Assert.Equal(("unpaid", 0m, 103.74m), (placed.Payment.Status, placed.Payment.Paid, placed.Payment.Due));
        Assert.Equal(OrderStatuses.PendingPayment, Assert.Single(placed.History).To);
    }

    [Theory]
    [InlineData("", 1, "shippingAddress")]
    [InlineData("1 Main Street", 0, "items")]
    [InlineData("1 Main Street", 1000, "items")]
    public async Task Invalid_checkouts_name_the_field(string address, int quantity, string field)
    {
        var productId = await NewProductAsync(stock: 5000);
        var error = await Assert.ThrowsAsync<DomainException>(() =>
            NewOrder().PlaceAsync(new PlaceOrder("c5", address, null, [new OrderItemRequest(productId, quantity)], false)));
        Assert.Equal((DomainErrorKind.Invalid, field), (error.Kind, error.Field));
    }

    [Fact]
    public async Task Unknown_and_inactive_products_are_refused()
    {
        var productId = await NewProductAsync(stock: 5);
        await fixture.Grains.GetGrain<IProductGrain>(productId).UpdateAsync(new ProductDetails("Mug", "", "kitchen", 5m, null, Active: false));

        Assert.Equal(DomainErrorKind.NotFound, (await Assert.ThrowsAsync<DomainException>(() => NewOrder().PlaceAsync(Checkout("c6", ("missing", 1))))).Kind);
        var inactive = await Assert.ThrowsAsync<DomainException>(() => NewOrder().PlaceAsync(Checkout("c6", (productId, 1))));
        Assert.Contains("no longer sold", inactive.Message, StringComparison.Ordinal);
        Assert.Equal((5, 0), await StockAndHeldAsync(productId));
    }

    private async Task<(int Stock, int Held)> StockAndHeldAsync(string productId)
    {
        var (stock, reservations) = await StockOfAsync(productId);
        return (stock, reservations.Count);
    }
}
