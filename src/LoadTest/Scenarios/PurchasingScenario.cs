using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using OmniBiz.LoadTest.Common;

namespace OmniBiz.LoadTest.Scenarios;

/// <summary>
/// Purchasing clerks draft purchase orders, confirm them, count goods in over three receipts (each sent twice, as a
/// client retry would) and pay them in two parts. Then checks that every product's stock rose by exactly what was
/// received and that every finished purchase order is received and paid.
/// </summary>
public sealed class PurchasingScenario(int clerks, int products) : IScenario
{
    private const int Quantity = 6;

    private readonly ConcurrentDictionary<string, long> _received = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<string> _finished = [];
    private readonly List<string> _productIds = [];
    private string _supplierId = "";
    private long _uncertain;

    public string Name => "purchasing";

    public IReadOnlyDictionary<string, string> Parameters => new Dictionary<string, string>
    {
        ["clerks"] = clerks.ToString(CultureInfo.InvariantCulture),
        ["products"] = products.ToString(CultureInfo.InvariantCulture),
    };

    public async Task SetupAsync(HarnessContext context)
    {
        for (var i = 0; i < products; i++)
        {
            var (status, body) = await context.Admin.SendAsync("setup_product", HttpMethod.Post, "/api/products",
                new { name = $"Purchased product {context.RunId}-{i}", price = 10, stock = 0, category = $"load-{context.RunId}" });
            _productIds.Add(status == HttpStatusCode.Created ? body.GetProperty("id").GetString()! : throw new InvalidOperationException($"Creating a product answered {(int)status}."));
        }

        var (created, supplier) = await context.Admin.SendAsync("setup_supplier", HttpMethod.Post, "/api/purchasing/suppliers", new
        {
            name = $"Load supplier {context.RunId}",
            paymentTermsDays = 30,
            contacts = new[] { new { name = "Load Contact", email = "load@supplier.test", phone = "+1 555 0100" } },
            products = _productIds.Select(productId => new { productId, unitCost = 2.5m, leadTimeDays = 3 }),
        });
        _supplierId = created == HttpStatusCode.Created ? supplier.GetProperty("id").GetString()! : throw new InvalidOperationException($"Creating a supplier answered {(int)created}.");
    }

    public Task RunAsync(HarnessContext context, CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, clerks).Select(i => ClerkAsync(context, new Random(i), stop)));

    private async Task ClerkAsync(HarnessContext context, Random random, CancellationToken stop)
    {
        var clerk = context.Admin;
        while (!stop.IsCancellationRequested)
        {
            var productId = _productIds[random.Next(_productIds.Count)];
            var (drafted, order) = await clerk.SendAsync("po_create", HttpMethod.Post, "/api/purchasing/orders",
                new { supplierId = _supplierId, lines = new[] { new { productId, quantity = Quantity } } }, Guid.NewGuid().ToString("N"));
            if (drafted != HttpStatusCode.Created)
            {
                continue;
            }

            var id = order.GetProperty("id").GetString()!;
            if ((await clerk.SendAsync("po_confirm", HttpMethod.Post, $"/api/purchasing/orders/{id}/status", new { status = "confirmed" })).Status != HttpStatusCode.OK)
            {
                continue;
            }

            var complete = true;
            for (var receipt = 0; receipt < 3 && complete; receipt++)
            {
                var key = Guid.NewGuid().ToString("N");
                var body = new { lines = new[] { new { productId, quantity = Quantity / 3 } } };
                var (first, _) = await clerk.SendAsync("po_receipt", HttpMethod.Post, $"/api/purchasing/orders/{id}/receipts", body, key);
                var (retry, _) = await clerk.SendAsync("po_receipt_retry", HttpMethod.Post, $"/api/purchasing/orders/{id}/receipts", body, key);
                if (first == HttpStatusCode.Created || retry == HttpStatusCode.Created)
                {
                    _received.AddOrUpdate(productId, Quantity / 3, (_, n) => n + (Quantity / 3));
                }
                else
                {
                    // Unknown whether the receipt was recorded: the stock check can only bound it.
                    Interlocked.Increment(ref _uncertain);
                    complete = false;
                }
            }

            foreach (var amount in new[] { 5m, 10m })
            {
                complete &= (await clerk.SendAsync("po_payment", HttpMethod.Post, $"/api/purchasing/orders/{id}/payments", new { amount }, Guid.NewGuid().ToString("N"))).Status
                    == HttpStatusCode.Created;
            }

            if (complete)
            {
                _finished.Add(id);
                context.Metrics.Count("purchase_orders");
            }
        }
    }

    public async Task VerifyAsync(HarnessContext context)
    {
        foreach (var productId in _productIds)
        {
            if (await context.StockAfterRunAsync(productId) is not { } stock)
            {
                continue;
            }

            var received = _received.GetValueOrDefault(productId);
            if (Interlocked.Read(ref _uncertain) == 0 ? stock != received : stock < received)
            {
                context.Metrics.Violation($"product {productId}: stock is {stock} but receipts brought in {received}");
            }
        }

        foreach (var id in _finished)
        {
            var (status, order) = await context.Admin.SendAsync("verify", HttpMethod.Get, $"/api/purchasing/orders/{id}");
            if (status != HttpStatusCode.OK
                || order.GetProperty("status").GetString() != "received"
                || order.GetProperty("payment").GetProperty("status").GetString() != "paid")
            {
                context.Metrics.Violation($"purchase order {id} should be received and paid: {order}");
            }
        }
    }
}
