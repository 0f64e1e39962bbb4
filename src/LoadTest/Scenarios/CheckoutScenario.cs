using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using OmniBiz.LoadTest.Common;

namespace OmniBiz.LoadTest.Scenarios;

/// <summary>
/// Shoppers add a product to their cart, check out and pay by card, again and again. Measures checkouts per second and latency,
/// then checks that no product was oversold: every product's stock fell by exactly what the successful orders bought.
/// Once the orders have bought every unit of every product the shoppers stop, so a race for scarce stock is measured
/// until it is sold out (the measured window ends there), not while shoppers are refused.
/// </summary>
public sealed class CheckoutScenario(int shoppers, int products, int stockPerProduct, int maxQuantity, int hotProducts = 0) : IScenario
{
    private readonly ConcurrentDictionary<string, long> _sold = new(StringComparer.Ordinal);
    private readonly List<ApiSession> _shoppers = [];
    private readonly List<string> _productIds = [];
    private long _uncertain;
    private long _unitsSold;

    public string Name => "checkout";

    public IReadOnlyDictionary<string, string> Parameters => new Dictionary<string, string>
    {
        ["shoppers"] = shoppers.ToString(CultureInfo.InvariantCulture),
        ["products"] = products.ToString(CultureInfo.InvariantCulture),
        ["stockPerProduct"] = stockPerProduct.ToString(CultureInfo.InvariantCulture),
        ["maxQuantity"] = maxQuantity.ToString(CultureInfo.InvariantCulture),
        ["hotProducts"] = hotProducts.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The share of picks that go to the hot products when there are some.</summary>
    public const double HotShare = 0.9;

    /// <summary>
    /// The product a shopper picks: with <c>--hot-products N</c>, nine picks in ten go to the first N products (so they
    /// sell out while the rest stay in stock), the others spread over all.
    /// </summary>
    public static int Pick(Random random, int productCount, int hot) =>
        hot > 0 && random.NextDouble() < HotShare ? random.Next(Math.Min(hot, productCount)) : random.Next(productCount);

    public async Task SetupAsync(HarnessContext context)
    {
        for (var i = 0; i < products; i++)
        {
            var (status, body) = await context.Admin.SendAsync("setup_product", HttpMethod.Post, "/api/products",
                new { name = $"Load product {context.RunId}-{i}", price = 1 + i % 50, stock = stockPerProduct, category = $"load-{context.RunId}" });
            if (status != HttpStatusCode.Created)
            {
                throw new InvalidOperationException($"Creating a product answered {(int)status}.");
            }

            _productIds.Add(body.GetProperty("id").GetString()!);
        }

        var sessions = new ApiSession[shoppers];
        await Parallel.ForEachAsync(Enumerable.Range(0, shoppers), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var session = context.Session(i);
            await session.RegisterAsync($"shopper-{context.RunId}-{i}@load.omnibiz.test", "load-password-1");
            sessions[i] = session;
        });
        _shoppers.AddRange(sessions);
    }

    public Task RunAsync(HarnessContext context, CancellationToken stop) =>
        Task.WhenAll(_shoppers.Select((shopper, i) => ShopAsync(context, shopper, new Random(i), stop)));

    private async Task ShopAsync(HarnessContext context, ApiSession shopper, Random random, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested && !SoldOut)
        {
            var productId = _productIds[Pick(random, _productIds.Count, hotProducts)];
            var quantity = random.Next(1, maxQuantity + 1);
            var (added, _) = await shopper.SendAsync("cart_add", HttpMethod.Post, "/api/cart/items", new { productId, quantity }, expected: HttpStatusCode.Conflict);
            if (added == HttpStatusCode.Conflict)
            {
                context.Metrics.Count("out_of_stock_at_cart");
                continue;
            }

            var (placed, order) = await shopper.SendAsync("checkout", HttpMethod.Post, "/api/orders", new { shippingAddress = "1 Load Street" },
                Guid.NewGuid().ToString("N"), HttpStatusCode.Conflict);
            switch (placed)
            {
                case HttpStatusCode.Created:
                    context.Metrics.Count("orders");
                    foreach (var line in order.GetProperty("items").EnumerateArray())
                    {
                        var bought = line.GetProperty("quantity").GetInt32();
                        _sold.AddOrUpdate(line.GetProperty("productId").GetString()!, bought, (_, n) => n + bought);
                        Interlocked.Add(ref _unitsSold, bought);
                    }

                    await PayAsync(context, shopper, order);
                    break;
                case HttpStatusCode.Conflict:
                    context.Metrics.Count("out_of_stock_at_checkout");
                    await shopper.SendAsync("cart_clear", HttpMethod.Delete, "/api/cart");
                    break;
                default:
                    // A timeout or failure leaves the outcome unknown: the order may exist.
                    Interlocked.Increment(ref _uncertain);
                    await shopper.SendAsync("cart_clear", HttpMethod.Delete, "/api/cart");
                    break;
            }
        }
    }

    /// <summary>
    /// Pays through the payment provider, as a customer does (customers cannot record cash): a shopper who left orders
    /// unpaid would soon reach the server's cap on unpaid orders per customer. Catalog prices here are whole amounts,
    /// so the test card never declines.
    /// </summary>
    private static async Task PayAsync(HarnessContext context, ApiSession shopper, JsonElement order)
    {
        var (paid, _) = await shopper.SendAsync("pay", HttpMethod.Post, $"/api/orders/{order.GetProperty("id").GetString()}/payments",
            new { amount = order.GetProperty("total").GetDecimal(), method = "test_card" }, Guid.NewGuid().ToString("N"));
        if (paid == HttpStatusCode.Created)
        {
            context.Metrics.Count("payments");
        }
    }

    /// <summary>True once successful orders bought every unit there was: nothing is left to race for.</summary>
    public bool SoldOut => Interlocked.Read(ref _unitsSold) >= (long)stockPerProduct * products;

    public async Task VerifyAsync(HarnessContext context)
    {
        foreach (var productId in _productIds)
        {
            if (await context.StockAfterRunAsync(productId) is not { } stock)
            {
                continue;
            }

            var sold = _sold.GetValueOrDefault(productId);
            var removed = stockPerProduct - stock;
            if (stock < 0)
            {
                context.Metrics.Violation($"product {productId} has negative stock {stock}");
            }
            else if (Interlocked.Read(ref _uncertain) == 0 ? removed != sold : removed < sold)
            {
                context.Metrics.Violation($"product {productId}: stock fell by {removed} but orders bought {sold}");
            }
        }
    }
}
