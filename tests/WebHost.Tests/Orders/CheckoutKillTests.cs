using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using OmniBiz.Tests.Shared;
using OmniBiz.WebHost.Tests.Common;
using Xunit.Abstractions;

namespace OmniBiz.WebHost.Tests.Orders;

/// <summary>
/// A node killed (kill -9) in the middle of a checkout storm: after a restart every acknowledged order exists, and
/// once recovery has run (clients resending what got no answer for some keys, the recovery reminder for the rest)
/// each product's stock is its opening stock minus what the orders that exist bought: no reservation is leaked and
/// nothing is sold twice.
/// </summary>
public sealed class CheckoutKillTests(ITestOutputHelper output)
{
    private const int OpeningStock = 100_000;

    [Fact]
    public async Task A_node_killed_in_a_checkout_storm_keeps_every_acknowledged_order_and_recovery_leaves_stock_exactly_right()
    {
        var database = await TestPostgres.CreateMigratedDatabaseAsync("checkoutkill");
        Dictionary<string, string?> Settings()
        {
            var settings = TestNode.BaseSettings();
            settings["ConnectionStrings:OmniBiz"] = database;
            settings["OmniBiz:Orders:RecoveryDelay"] = "00:00:02";
            settings["Logging:LogLevel:Microsoft.AspNetCore.Diagnostics.ExceptionHandlerMiddleware"] = "Error";
            return settings;
        }

        await using var killed = await NodeProcess.StartAsync(Settings()); // disposed too if the test fails before the kill
        var products = new List<string>();
        var shoppers = new List<(string Token, string UserId)>();
        using (var admin = await killed.Client().LoginAsAdminAsync())
        {
            for (var i = 0; i < 4; i++)
            {
                products.Add(await admin.CreateProductAsync(stock: OpeningStock, price: 3m, name: $"Storm product {i}"));
            }
        }

        for (var i = 0; i < 16; i++)
        {
            using var shopper = await killed.Client().RegisterAsync();
            shoppers.Add((shopper.Token!, shopper.UserId!));
        }

        var acknowledged = new ConcurrentDictionary<string, (string OrderId, string ProductId, int Quantity)>();
        var unanswered = new ConcurrentDictionary<string, (int Shopper, string ProductId, int Quantity)>();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        string? firstFailure = null;
        var storm = shoppers.Select((shopper, s) => Task.Run(async () =>
        {
            for (var i = 0; ; i++)
            {
                var (key, productId, quantity) = ($"storm-{s}-{i}", products[(s + i) % products.Count], 1 + (i % 3));
                try
                {
                    var (status, body) = await PlaceAsync(http, killed.Address, shopper.Token, key, productId, quantity);
                    if (status is HttpStatusCode.Created or HttpStatusCode.OK)
                    {
                        acknowledged[key] = (body.GetProperty("id").GetString()!, productId, quantity);
                        continue;
                    }

                    // Only a node dying may stop a checkout here (a 5xx, outcome unknown); anything else is a failure.
                    Assert.True((int)status >= 500, $"checkout {key}: {status} {body}");
                    unanswered[key] = (s, productId, quantity);
                    firstFailure ??= $"{key}: {status} {body}";
                    return;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    unanswered[key] = (s, productId, quantity);
                    firstFailure ??= e.ToString();
                    return;
                }
            }
        })).ToList();

        await Eventually.UntilAsync(() => Task.FromResult(acknowledged.Count), n => n >= 200 || storm.Any(t => t.IsCompleted), TimeSpan.FromSeconds(60), "200 acknowledged checkouts");
        Assert.True(acknowledged.Count >= 200 || storm.Any(t => t.IsFaulted), $"a checkout got no answer before the kill: {firstFailure}\n{killed.RecentOutput}");
        if (storm.FirstOrDefault(t => t.IsFaulted) is { } failed)
        {
            await failed; // the checkout that failed before the kill, with its answer
        }

        killed.Kill();
        await Task.WhenAll(storm).WaitAsync(TimeSpan.FromSeconds(60));
        var acknowledgedAtKill = acknowledged.Count;
        output.WriteLine($"killed after {acknowledgedAtKill} acknowledged checkouts; {unanswered.Count} in flight got no answer");

        await using var restarted = await NodeProcess.StartAsync(Settings());

        // Half of the clients that got no answer resend with the same key (they get the order, placed once); the other
        // half never come back, and the recovery reminder finishes or undoes what their checkout left.
        var resent = 0;
        foreach (var (key, (s, productId, quantity)) in unanswered.Where((_, i) => i % 2 == 0))
        {
            var (status, body) = await Eventually.UntilAsync(
                () => PlaceAsync(http, restarted.Address, shoppers[s].Token, key, productId, quantity),
                r => r.Status != HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(30), $"the resent checkout {key}");
            Assert.True(status is HttpStatusCode.Created or HttpStatusCode.OK, $"resent {key}: {status} {body}");
            acknowledged[key] = (body.GetProperty("id").GetString()!, productId, quantity);
            resent++;
        }

        using var adminAgain = await restarted.Client().LoginAsAdminAsync();
        foreach (var (key, (orderId, productId, quantity)) in acknowledged)
        {
            var (status, order, _) = await adminAgain.GetAsync($"/api/orders/{orderId}");
            Assert.True(status == HttpStatusCode.OK, $"acknowledged order {orderId} ({key}): {status}");
            var line = order.GetProperty("items").EnumerateArray().Single();
            Assert.Equal(productId, line.GetProperty("productId").GetString());
            Assert.Equal(quantity, line.GetProperty("quantity").GetInt32());
        }

        // What exists is what was sold: every order of every shopper (acknowledged, resent, or placed by a checkout
        // whose answer was lost and finished by recovery), and each product's stock is the opening stock minus that.
        Dictionary<string, int> sold = [];
        var stocksRight = 0;
        var differences = "";
        var settling = Eventually.UntilAsync(async () =>
        {
            sold = await SoldAsync(http, restarted.Address, shoppers.Select(s => s.Token));
            stocksRight = 0;
            differences = "";
            foreach (var productId in products)
            {
                var (_, product, _) = await adminAgain.GetAsync($"/api/products/{productId}");
                var (stock, expected) = (product.GetProperty("stock").GetInt32(), OpeningStock - sold.GetValueOrDefault(productId));
                stocksRight += stock == expected ? 1 : 0;
                differences += stock == expected ? "" : $" {productId}: stock {stock}, opening minus sold {expected};";
            }

            return stocksRight;
        }, n => n == products.Count, TimeSpan.FromSeconds(100), "every product's stock to equal its opening stock minus what the existing orders bought (recovery reminders repeat at Orleans' one-minute minimum when a first firing was missed)");
        int settled;
        try
        {
            settled = await settling;
        }
        catch (TimeoutException e)
        {
            throw new Xunit.Sdk.XunitException($"{e.Message}:{differences}");
        }


        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"acknowledged {acknowledgedAtKill} before the kill, all found; {unanswered.Count} unanswered, {resent} resent with their keys; " +
            $"orders that exist: {sold.Values.Sum()} units over {products.Count} products; stock exact for {settled} of {products.Count}{differences}"));
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PlaceAsync(HttpClient http, Uri node, string token, string key, string productId, int quantity)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(node, "/api/orders"))
        {
            Content = JsonContent.Create(new { shippingAddress = "1 Storm Road", items = new[] { new { productId, quantity } } }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("Idempotency-Key", key);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>Units bought per product over every order the shoppers have.</summary>
    private static async Task<Dictionary<string, int>> SoldAsync(HttpClient http, Uri node, IEnumerable<string> tokens)
    {
        var sold = new Dictionary<string, int>();
        foreach (var token in tokens)
        {
            string? cursor = null;
            do
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(node, "/api/orders?limit=200" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}")));
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                using var response = await http.SendAsync(request);
                response.EnsureSuccessStatusCode();
                var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                foreach (var line in page.GetProperty("items").EnumerateArray().SelectMany(o => o.GetProperty("items").EnumerateArray()))
                {
                    var productId = line.GetProperty("productId").GetString()!;
                    sold[productId] = sold.GetValueOrDefault(productId) + line.GetProperty("quantity").GetInt32();
                }

                cursor = page.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
            }
            while (cursor is not null);
        }

        return sold;
    }
}
