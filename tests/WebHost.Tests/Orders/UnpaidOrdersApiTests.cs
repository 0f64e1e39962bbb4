using System.Net;
using OmniBiz.Tests.Shared;
using OmniBiz.WebHost.Tests.Common;

namespace OmniBiz.WebHost.Tests.Orders;

/// <summary>On a node of its own where unpaid orders expire after 8 seconds and a customer may hold 2 of them.</summary>
public sealed class UnpaidOrdersApiTests : IAsyncLifetime
{
    private TestNode _node = null!;

    public async Task InitializeAsync()
    {
        var settings = TestNode.BaseSettings();
        settings["ConnectionStrings:OmniBiz"] = await TestPostgres.CreateDatabaseAsync("unpaid");
        settings["OmniBiz:Orders:PaymentTimeout"] = "00:00:08"; // the stock is read well before any order can expire, even on a loaded machine
        settings["OmniBiz:Orders:MaxUnpaidPerCustomer"] = "2";
        _node = await TestNode.StartAsync(settings);
    }

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task A_customer_at_the_cap_gets_409_until_an_unpaid_order_expires_and_expiry_returns_the_stock_live()
    {
        using var admin = await _node.Client().LoginAsAdminAsync();
        var productId = await admin.CreateProductAsync(stock: 10, price: 6m);
        using var customer = await _node.Client().RegisterAsync();
        await using var tab = await customer.ConnectAsync();
        using var statuses = new EventRecorder(tab, "order_status_updated");
        var body = new { shippingAddress = "Timer Street 3", items = new[] { new { productId, quantity = 2 } } };

        var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => customer.PostAsync("/api/orders", body)));

        var placed = results.Where(r => r.Status == HttpStatusCode.Created).Select(r => r.Body).ToList();
        var refused = Assert.Single(results, r => r.Status == HttpStatusCode.Conflict);
        Assert.Equal(2, placed.Count);
        Assert.Equal("application/problem+json", refused.ContentType);
        Assert.Contains("You have 2 unpaid orders", refused.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(placed[0].TryGetProperty("payBy", out var payBy) && payBy.GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-1));
        Assert.Equal(6, (await admin.GetAsync($"/api/products/{productId}")).Body.GetProperty("stock").GetInt32());

        var firstId = placed[0].GetProperty("id").GetString();
        var expired = await statuses.NextMatchingAsync(
            s => s.GetProperty("orderId").GetString() == firstId && s.GetProperty("status").GetString() == "expired", TimeSpan.FromSeconds(60));
        Assert.Equal(placed[0].GetProperty("orderNumber").GetString(), expired.GetProperty("orderNumber").GetString());
        Assert.Equal("expired", (await customer.GetAsync($"/api/orders/{firstId}")).Body.GetProperty("status").GetString());
        await Eventually.UntilAsync(
            async () => (await admin.GetAsync($"/api/products/{productId}")).Body.GetProperty("stock").GetInt32(), s => s >= 8,
            TimeSpan.FromSeconds(30), "the expired order's stock to come back");

        Assert.Equal(HttpStatusCode.Created, (await customer.PostAsync("/api/orders", body)).Status);
        var (_, listed, _) = await admin.GetAsync("/api/orders?status=expired");
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), o => o.GetProperty("id").GetString() == firstId);
    }
}
