using OmniBiz.GrainInterfaces.Catalog;
using OmniBiz.GrainInterfaces.Common;
using OmniBiz.GrainInterfaces.Orders;

namespace OmniBiz.Grains.Tests.Orders;

/// <summary>One customer may hold at most five unpaid orders (the default cap), however many checkouts they start at once.</summary>
[Collection(ClusterCollection.Name)]
public sealed class UnpaidOrderCapTests(ClusterFixture fixture)
{
    private const int Cap = 5;

    private async Task<string> NewProductAsync(int stock)
    {
        var id = Guid.NewGuid().ToString("N");
        await fixture.Grains.GetGrain<IProductGrain>(id).CreateAsync(new ProductDetails("Pen", "", "office", 2m, null), stock, "test");
        return id;
    }

    private async Task<(IOrderGrain Grain, Order? Order, DomainException? Refusal)> TryPlaceAsync(string customerId, string productId)
    {
        var grain = fixture.Grains.GetGrain<IOrderGrain>(Guid.NewGuid().ToString("N"));
        try
        {
            return (grain, await grain.PlaceAsync(new PlaceOrder(customerId, "4 Side Street", null, [new OrderItemRequest(productId, 1)], false)), null);
        }
        catch (DomainException refusal)
        {
            return (grain, null, refusal);
        }
    }

    [Fact]
    public async Task Twelve_checkouts_at_once_by_one_customer_make_exactly_the_cap_and_the_rest_are_told_why()
    {
        var productId = await NewProductAsync(stock: 100);
        var customer = new Actor($"customer-{Guid.NewGuid():N}", IsStaff: false);

        var attempts = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => TryPlaceAsync(customer.UserId, productId)));

        var placed = attempts.Where(a => a.Order is not null).ToList();
        var refused = attempts.Where(a => a.Refusal is not null).ToList();
        Assert.Equal(Cap, placed.Count);
        Assert.Equal(12 - Cap, refused.Count);
        Assert.All(refused, r => Assert.Equal(DomainErrorKind.Conflict, r.Refusal!.Kind));
        Assert.Contains("unpaid orders", refused[0].Refusal!.Message, StringComparison.Ordinal);
        Assert.Equal(100 - Cap, (await fixture.Grains.GetGrain<IProductGrain>(productId).GetAsync())!.Stock);
        Assert.Equal(Cap, (await fixture.Grains.GetGrain<IUnpaidOrdersGrain>(customer.UserId).GetOpenAsync()).Length);

        // Paying one and cancelling another frees two places; a refused order's retry (same id) is asked afresh.
        await placed[0].Grain.PayAsync(new PaymentRequest(2m, "test_card", null, Guid.NewGuid().ToString("N"), customer.UserId), customer);
        await placed[1].Grain.CancelAsync(customer);
        Assert.Equal(Cap - 2, (await fixture.Grains.GetGrain<IUnpaidOrdersGrain>(customer.UserId).GetOpenAsync()).Length);

        var retried = await refused[0].Grain.PlaceAsync(new PlaceOrder(customer.UserId, "4 Side Street", null, [new OrderItemRequest(productId, 1)], false));
        Assert.Equal(OrderStatuses.PendingPayment, retried.Status);
        Assert.NotNull((await TryPlaceAsync(customer.UserId, productId)).Order);
        Assert.NotNull((await TryPlaceAsync(customer.UserId, productId)).Refusal);

        // Another customer is not affected.
        Assert.NotNull((await TryPlaceAsync($"customer-{Guid.NewGuid():N}", productId)).Order);
    }

    [Fact]
    public async Task An_order_refused_for_stock_does_not_use_up_a_place()
    {
        var scarce = await NewProductAsync(stock: 0);
        var customer = $"customer-{Guid.NewGuid():N}";
        for (var i = 0; i < Cap + 2; i++)
        {
            Assert.Equal(DomainErrorKind.Conflict, (await TryPlaceAsync(customer, scarce)).Refusal!.Kind);
        }

        Assert.Empty(await fixture.Grains.GetGrain<IUnpaidOrdersGrain>(customer).GetOpenAsync());
        Assert.NotNull((await TryPlaceAsync(customer, await NewProductAsync(stock: 1))).Order);
    }
}
