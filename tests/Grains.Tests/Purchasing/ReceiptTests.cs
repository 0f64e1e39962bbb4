using Npgsql;
using OmniBiz.GrainInterfaces.Catalog;
using OmniBiz.GrainInterfaces.Purchasing;
using OmniBiz.Tests.Shared;

namespace OmniBiz.Grains.Tests.Purchasing;

[Collection(ClusterCollection.Name)]
public sealed class ReceiptTests(ClusterFixture fixture)
{
    private async Task<(string ProductId, IPurchaseOrderGrain Order)> ConfirmedOrderAsync(int stock, int quantity)
    {
        var productId = Guid.NewGuid().ToString("N");
        await fixture.Grains.GetGrain<IProductGrain>(productId).CreateAsync(new ProductDetails("Bolt", "", "hardware", 1m, null), stock, "test");
        var supplierId = Guid.NewGuid().ToString("N");
        await fixture.Grains.GetGrain<ISupplierGrain>(supplierId).CreateAsync(
            new SupplierDetails("Bolts Inc", null, null, 30, true, [], [new SuppliedProduct(productId, "B-1", 0.40m, 2)]), "staff");
        var order = fixture.Grains.GetGrain<IPurchaseOrderGrain>(Guid.NewGuid().ToString("N"));
        await order.DraftAsync(new DraftPurchaseOrder(supplierId, [new PurchaseOrderLineRequest(productId, quantity, null)], null, null, "staff"));
        await order.ChangeStatusAsync(PurchaseOrderStatuses.Confirmed, "staff");
        return (productId, order);
    }

    private async Task<int> StockAsync(string productId) => (await fixture.Grains.GetGrain<IProductGrain>(productId).GetAsync())!.Stock;

    private static ReceiveGoods Receipt(string receiptId, string productId, int quantity) => new(receiptId, [new ReceiptLine(productId, quantity)], null, "staff");

    [Fact]
    public async Task A_crash_between_the_receipt_write_and_the_stock_change_is_finished_by_the_reminder_and_counted_once()
    {
        var (productId, order) = await ConfirmedOrderAsync(stock: 5, quantity: 10);
        var receiptId = Guid.NewGuid().ToString("N");
        ReceiptCrashes.Instance.CrashAfterWrite(receiptId);

        await Assert.ThrowsAsync<InvalidOperationException>(() => order.ReceiveGoodsAsync(Receipt(receiptId, productId, 4)));

        // The receipt is recorded (the order's truth) and its stock is not raised yet: only the reminder can do that now.
        var recorded = (await order.GetAsync())!;
        Assert.Equal(PurchaseOrderStatuses.PartiallyReceived, recorded.Status);
        Assert.Equal(4, recorded.Lines[0].Received);
        Assert.False(recorded.Receipts[0].StockApplied);

        var finished = await Eventually.UntilAsync(async () => (await order.GetAsync())!, o => o.Receipts[0].StockApplied, TimeSpan.FromSeconds(60), "the reminder to raise the stock");
        Assert.Equal(9, await StockAsync(productId));

        // The client's retry of the same request finds the receipt and changes nothing.
        var retried = await order.ReceiveGoodsAsync(Receipt(receiptId, productId, 4));
        Assert.Single(retried.Receipts);
        Assert.Equal(finished.Version, retried.Version);
        Assert.Equal(9, await StockAsync(productId));
    }

    [Fact]
    public async Task A_crash_after_some_products_counted_the_receipt_raises_each_product_once()
    {
        var (productId, order) = await ConfirmedOrderAsync(stock: 0, quantity: 6);
        var receiptId = Guid.NewGuid().ToString("N");
        ReceiptCrashes.Instance.CrashAfterWrite(receiptId);
        await Assert.ThrowsAsync<InvalidOperationException>(() => order.ReceiveGoodsAsync(Receipt(receiptId, productId, 6)));

        // As if the product had counted the receipt just before the silo died, before the order marked it done.
        var orderId = order.GetPrimaryKeyString();
        await fixture.Grains.GetGrain<IProductGrain>(productId).ReceiveStockAsync(new StockReceipt($"{orderId}:{receiptId}", 6, "received", "staff", orderId));
        Assert.Equal(6, await StockAsync(productId));

        await Eventually.UntilAsync(async () => (await order.GetAsync())!, o => o.Receipts[0].StockApplied, TimeSpan.FromSeconds(60), "the reminder to finish the receipt");
        Assert.Equal(6, await StockAsync(productId));
        Assert.Equal(PurchaseOrderStatuses.Received, (await order.GetAsync())!.Status);
    }

    [Fact]
    public async Task Concurrent_receipts_and_payments_never_pass_the_ordered_quantity_or_the_total()
    {
        var (productId, order) = await ConfirmedOrderAsync(stock: 0, quantity: 3);
        var receipts = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
        {
            try
            {
                await order.ReceiveGoodsAsync(Receipt(Guid.NewGuid().ToString("N"), productId, 1));
                return true;
            }
            catch (GrainInterfaces.Common.DomainException)
            {
                return false;
            }
        }));
        Assert.Equal(3, receipts.Count(ok => ok));
        Assert.Equal(3, await StockAsync(productId));

        var payments = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            try
            {
                await order.PayAsync(new PaySupplier(Guid.NewGuid().ToString("N"), 0.40m, null, "staff"));
                return true;
            }
            catch (GrainInterfaces.Common.DomainException)
            {
                return false;
            }
        }));
        Assert.Equal(3, payments.Count(ok => ok));
        var paid = (await order.GetAsync())!.Payment;
        Assert.Equal(1.20m, paid.Paid);
        Assert.Equal(SupplierPaymentStatuses.Paid, paid.Status);
    }

    [Fact]
    public async Task Changes_made_while_the_read_model_cannot_be_written_are_answered_and_every_feed_entry_lands_later()
    {
        var (productId, order) = await ConfirmedOrderAsync(stock: 0, quantity: 4);
        var orderId = order.GetPrimaryKeyString();
        ProjectionFailures.Instance.FailNext("purchase_orders", orderId, 3);

        await order.ReceiveGoodsAsync(Receipt(Guid.NewGuid().ToString("N"), productId, 1));
        var paid = await order.PayAsync(new PaySupplier(Guid.NewGuid().ToString("N"), 0.40m, null, "staff"));
        Assert.Equal(4, paid.Version); // drafted, confirmed, received, paid

        var kinds = await Eventually.UntilAsync(() => FeedKindsAsync(orderId), k => k.Count == 4, TimeSpan.FromSeconds(30), "every feed entry");
        Assert.Equal(["created", "status_changed", "received", "payment"], kinds);
        Assert.True(ProjectionFailures.Instance.Failed("purchase_orders", orderId) >= 2);
        Assert.Equal(1, await StockAsync(productId));
    }

    private async Task<List<string>> FeedKindsAsync(string orderId)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT kind FROM purchasing_activity WHERE purchase_order_id = $1 ORDER BY at, id", connection);
        command.Parameters.Add(new() { Value = orderId });
        var kinds = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            kinds.Add(reader.GetString(0));
        }

        return kinds;
    }
}
