using System.Collections.Immutable;
using System.Threading.Channels;
using OmniBiz.GrainInterfaces.Catalog;
using OmniBiz.GrainInterfaces.Common;
using OmniBiz.GrainInterfaces.Orders;
using OmniBiz.GrainInterfaces.Realtime;
using OmniBiz.Tests.Shared;

namespace OmniBiz.Grains.Tests.Orders;

/// <summary>Unpaid orders expire (here after 8 seconds): the stock goes back, watchers hear it, the customer's place is freed.</summary>
[Collection(ShortPaymentTimeoutCollection.Name)]
public sealed class OrderExpiryTests(ShortPaymentTimeoutFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private sealed class RecordingNode : INodeObserver
    {
        public Channel<RealtimeEvent> Received { get; } = Channel.CreateUnbounded<RealtimeEvent>();

        public Task DeliverAsync(RealtimeEvent realtimeEvent)
        {
            Received.Writer.TryWrite(realtimeEvent);
            return Task.CompletedTask;
        }

        public Task DeliverManyAsync(ImmutableArray<RealtimeEvent> realtimeEvents)
        {
            foreach (var realtimeEvent in realtimeEvents)
            {
                Received.Writer.TryWrite(realtimeEvent);
            }

            return Task.CompletedTask;
        }
    }

    private async Task<string> NewProductAsync(int stock)
    {
        var id = Guid.NewGuid().ToString("N");
        await fixture.Grains.GetGrain<IProductGrain>(id).CreateAsync(new ProductDetails("Clock", "", "home", 8m, null), stock, "test");
        return id;
    }

    private async Task<int> StockAsync(string productId) => (await fixture.Grains.GetGrain<IProductGrain>(productId).GetAsync())!.Stock;

    private static PlaceOrder Checkout(string customerId, string productId, int quantity) =>
        new(customerId, "5 Clock Lane", null, [new OrderItemRequest(productId, quantity)], false);

    [Fact]
    public async Task An_unpaid_order_expires_returns_its_stock_once_publishes_the_change_and_frees_the_customers_place()
    {
        var productId = await NewProductAsync(stock: 10);
        var customer = $"customer-{Guid.NewGuid():N}";
        var orderId = Guid.NewGuid().ToString("N");
        var node = new RecordingNode();
        await fixture.Grains.GetGrain<ITopicGrain>(Topics.Order(orderId))
            .SubscribeAsync(new NodeRegistration("node-expiry", fixture.Grains.CreateObjectReference<INodeObserver>(node), null, TimeSpan.FromMinutes(5)), 1);

        var grain = fixture.Grains.GetGrain<IOrderGrain>(orderId);
        var placed = await grain.PlaceAsync(Checkout(customer, productId, 3));
        Assert.NotNull(placed.PayBy);
        Assert.Equal(7, await StockAsync(productId));

        using var timeout = new CancellationTokenSource(Patience);
        RealtimeEvent update;
        do
        {
            update = await node.Received.Reader.ReadAsync(timeout.Token);
        }
        while (update.Name != EventNames.OrderStatusUpdated);

        Assert.Contains("\"status\":\"expired\"", update.PayloadJson, StringComparison.Ordinal);
        var expired = (await grain.GetAsync())!;
        Assert.Equal(OrderStatuses.Expired, expired.Status);
        Assert.Equal(("system", OrderStatuses.PendingPayment), (expired.History[^1].ActorId, expired.History[^1].From));
        Assert.Null(expired.PayBy);
        await Eventually.UntilAsync(() => StockAsync(productId), s => s == 10, Patience, "the expired order's stock to come back");
        Assert.Empty(await fixture.Grains.GetGrain<IUnpaidOrdersGrain>(customer).GetOpenAsync());

        // Final: nobody can pay or cancel it, and the stock is not returned twice.
        var customerActor = new Actor(customer, IsStaff: false);
        Assert.Equal(DomainErrorKind.Conflict, (await Assert.ThrowsAsync<DomainException>(
            () => grain.PayAsync(new PaymentRequest(24m, "test_card", null, "late", customer), customerActor))).Kind);
        Assert.Equal(DomainErrorKind.Conflict, (await Assert.ThrowsAsync<DomainException>(() => grain.CancelAsync(customerActor))).Kind);
        Assert.Equal(10, await StockAsync(productId));
    }

    [Fact]
    public async Task A_paid_order_does_not_expire()
    {
        var productId = await NewProductAsync(stock: 5);
        var customer = new Actor($"customer-{Guid.NewGuid():N}", IsStaff: false);
        var grain = fixture.Grains.GetGrain<IOrderGrain>(Guid.NewGuid().ToString("N"));
        var placed = await grain.PlaceAsync(Checkout(customer.UserId, productId, 1));
        await grain.PayAsync(new PaymentRequest(placed.Total, "test_card", null, Guid.NewGuid().ToString("N"), customer.UserId), customer);

        // A second, unpaid order of the same customer expires; by then the paid one would have too.
        var other = fixture.Grains.GetGrain<IOrderGrain>(Guid.NewGuid().ToString("N"));
        await other.PlaceAsync(Checkout(customer.UserId, productId, 1));
        await Eventually.UntilAsync(async () => (await other.GetAsync())!.Status, s => s == OrderStatuses.Expired, Patience, "the unpaid order to expire");

        Assert.Equal(OrderStatuses.Paid, (await grain.GetAsync())!.Status);
        Assert.Equal(4, await StockAsync(productId));
    }

    [Fact]
    public async Task A_customer_at_the_cap_can_order_again_once_an_unpaid_order_expired()
    {
        var productId = await NewProductAsync(stock: 10);
        var customer = $"customer-{Guid.NewGuid():N}";
        var first = fixture.Grains.GetGrain<IOrderGrain>(Guid.NewGuid().ToString("N"));
        await first.PlaceAsync(Checkout(customer, productId, 1));
        await fixture.Grains.GetGrain<IOrderGrain>(Guid.NewGuid().ToString("N")).PlaceAsync(Checkout(customer, productId, 1));

        var refusal = await Assert.ThrowsAsync<DomainException>(
            () => fixture.Grains.GetGrain<IOrderGrain>(Guid.NewGuid().ToString("N")).PlaceAsync(Checkout(customer, productId, 1)));
        Assert.Equal(DomainErrorKind.Conflict, refusal.Kind);
        Assert.Contains("You have 2 unpaid orders", refusal.Message, StringComparison.Ordinal);

        await Eventually.UntilAsync(async () => (await first.GetAsync())!.Status, s => s == OrderStatuses.Expired, Patience, "the first order to expire");
        // The expiry freed the place in the same turn that made the order expired.
        var again = await fixture.Grains.GetGrain<IOrderGrain>(Guid.NewGuid().ToString("N")).PlaceAsync(Checkout(customer, productId, 1));
        Assert.Equal(OrderStatuses.PendingPayment, again.Status);
    }
}
