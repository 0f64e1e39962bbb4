using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using OmniBiz.WebHost.Tests.Common;

namespace OmniBiz.WebHost.Tests.Orders;

[Collection(NodeCollection.Name)]
public sealed class OrdersApiTests(NodeFixture fixture)
{
    private static object Address => new { shippingAddress = "7 Harbour Road" };

    private static HttpRequestMessage Keyed(HttpMethod method, string path, object body, string key)
    {
        var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    [Fact]
    public async Task Store_to_checkout_end_to_end_over_http_and_signalr()
    {
        using var admin = await fixture.AdminAsync();
        var products = new[]
        {
            await admin.CreateProductAsync(stock: 5, price: 3.50m, name: "Tea"),
            await admin.CreateProductAsync(stock: 5, price: 12m, name: "Teapot"),
            await admin.CreateProductAsync(stock: 5, price: 0.99m, name: "Biscuit"),
        };
        using var customer = await fixture.Client().RegisterAsync();
        await using var customerTab = await customer.ConnectAsync();
        await using var adminTab = await admin.ConnectAsync();
        await adminTab.InvokeAsync("JoinAdmins");
        using var carts = new EventRecorder(customerTab, "cart_updated");
        using var created = new EventRecorder(customerTab, "order_created");
        using var newOrders = new EventRecorder(adminTab, "new_order");
        using var customerNewOrders = new EventRecorder(customerTab, "new_order");

        foreach (var productId in products)
        {
            Assert.Equal(HttpStatusCode.OK, (await customer.PostAsync("/api/cart/items", new { productId, quantity = 1 })).Status);
        }

        var cart = await carts.NextMatchingAsync(c => c.GetProperty("count").GetInt32() == 3);
        Assert.Equal(16.49m, cart.GetProperty("total").GetDecimal());

        var (status, order, _) = await customer.PostAsync("/api/orders", Address);
        Assert.Equal(HttpStatusCode.Created, status);
        var orderId = order.GetProperty("id").GetString()!;
        Assert.Equal(16.49m, order.GetProperty("total").GetDecimal());
        Assert.Equal("pending_payment", order.GetProperty("status").GetString());
        Assert.Equal(customer.UserId, order.GetProperty("customerId").GetString());
        Assert.False(order.GetProperty("payment").GetProperty("paid").GetDecimal() > 0);

        Assert.Equal(0, (await carts.NextMatchingAsync(c => c.GetProperty("count").GetInt32() == 0)).GetProperty("items").GetArrayLength());
        Assert.Equal(orderId, (await created.NextAsync()).Payload.GetProperty("id").GetString());
        var notice = await newOrders.NextMatchingAsync(n => n.GetProperty("orderId").GetString() == orderId);
        Assert.Equal(order.GetProperty("orderNumber").GetString(), notice.GetProperty("orderNumber").GetString());
        Assert.Equal(16.49m, notice.GetProperty("total").GetDecimal());
        Assert.Equal(0, customerNewOrders.Count);

        var (_, list, _) = await customer.GetAsync("/api/orders");
        Assert.Equal(orderId, list.GetProperty("items")[0].GetProperty("id").GetString());
        var (_, cartAfter, _) = await customer.GetAsync("/api/cart");
        Assert.Equal(0, cartAfter.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task The_same_idempotency_key_sent_five_times_at_once_makes_one_order()
    {
        using var admin = await fixture.AdminAsync();
        var productId = await admin.CreateProductAsync(stock: 10);
        using var customer = await fixture.Client().RegisterAsync();
        var key = Guid.NewGuid().ToString();
        var body = new { shippingAddress = "1 Key Lane", items = new[] { new { productId, quantity = 2 } } };

        var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => customer.SendAsync(Keyed(HttpMethod.Post, "/api/orders", body, key))));

        Assert.All(results, r => Assert.Equal(HttpStatusCode.Created, r.Status));
        Assert.Single(results.Select(r => r.Body.GetProperty("id").GetString()).Distinct());
        var (_, product, _) = await admin.GetAsync($"/api/products/{productId}");
        Assert.Equal(8, product.GetProperty("stock").GetInt32());
        var (_, mine, _) = await customer.GetAsync("/api/orders");
        Assert.Equal(1, mine.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Fifty_concurrent_checkouts_for_ten_units_yield_ten_orders_and_forty_409s()
    {
        using var admin = await fixture.AdminAsync();
        var productId = await admin.CreateProductAsync(stock: 10);
        // Ten customers, five checkouts each: as many as one customer may hold unpaid, so only stock refuses.
        var customers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => fixture.Client().RegisterAsync()));
        var body = new { shippingAddress = "Race Track 1", items = new[] { new { productId, quantity = 1 } } };

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => customers[i % 10].PostAsync("/api/orders", body)));
        Array.ForEach(customers, c => c.Dispose());

        Assert.Equal(10, results.Count(r => r.Status == HttpStatusCode.Created));
        Assert.Equal(40, results.Count(r => r.Status == HttpStatusCode.Conflict));
        var (_, product, _) = await admin.GetAsync($"/api/products/{productId}");
        Assert.Equal(0, product.GetProperty("stock").GetInt32());
        var (_, history, _) = await admin.GetAsync($"/api/products/{productId}/stock?limit=200");
        Assert.Equal(11, history.GetArrayLength()); // opening stock + ten reservations, nothing released
    }

    [Fact]
    public async Task A_customer_can_neither_read_watch_pay_cancel_nor_move_another_customers_order()
    {
        using var admin = await fixture.AdminAsync();
        var productId = await admin.CreateProductAsync(stock: 10);
        using var owner = await fixture.Client().RegisterAsync();
        using var other = await fixture.Client().RegisterAsync();
        var (_, order, _) = await owner.PostAsync("/api/orders", new { shippingAddress = "Mine", items = new[] { new { productId, quantity = 1 } } });
        var orderId = order.GetProperty("id").GetString();

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/orders/{orderId}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/api/orders/{orderId}/cancel", new { })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/api/orders/{orderId}/payments", new { amount = 1, method = "cash" })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.PostAsync($"/api/orders/{orderId}/status", new { status = "paid" })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await owner.PostAsync($"/api/orders/{orderId}/status", new { status = "paid" })).Status);
        Assert.Equal(0, (await other.GetAsync("/api/orders")).Body.GetProperty("items").GetArrayLength());

        await using var otherTab = await other.ConnectAsync();
        var refusal = await Assert.ThrowsAsync<HubException>(() => otherTab.InvokeAsync("JoinOrder", orderId));
        Assert.Contains("only watch your own orders", refusal.Message, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/api/orders/{orderId}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/orders/{orderId}")).Status);
    }

    [Fact]
    public async Task Watchers_of_an_order_see_payments_and_status_changes_and_staff_list_by_status()
    {
        using var admin = await fixture.AdminAsync();
        var productId = await admin.CreateProductAsync(stock: 10, price: 20m);
        using var customer = await fixture.Client().RegisterAsync();
        var (_, order, _) = await customer.PostAsync("/api/orders", new { shippingAddress = "Watch St", items = new[] { new { productId, quantity = 1 } } });
        var orderId = order.GetProperty("id").GetString()!;

        await using var watcher = await customer.ConnectAsync();
        await watcher.InvokeAsync("JoinOrder", orderId);
        using var payments = new EventRecorder(watcher, "payment_processed");
        using var statuses = new EventRecorder(watcher, "order_status_updated");

        var key = Guid.NewGuid().ToString();
        var (payStatus, paid, _) = await customer.SendAsync(Keyed(HttpMethod.Post, $"/api/orders/{orderId}/payments", new { amount = 20, method = "test_card" }, key));
        Assert.Equal(HttpStatusCode.Created, payStatus);
        Assert.Equal("paid", paid.GetProperty("order").GetProperty("status").GetString());
        var (retryStatus, retried, _) = await customer.SendAsync(Keyed(HttpMethod.Post, $"/api/orders/{orderId}/payments", new { amount = 20, method = "test_card" }, key));
        Assert.Equal(HttpStatusCode.Created, retryStatus);
        Assert.Equal(paid.GetProperty("payment").GetProperty("id").GetString(), retried.GetProperty("payment").GetProperty("id").GetString());

        // Payment events reach the user topic and the order topic: this tab is in both, so it sees each twice.
        var payment = await payments.NextMatchingAsync(p => p.GetProperty("orderId").GetString() == orderId);
        Assert.Equal(("succeeded", 20m), (payment.GetProperty("status").GetString(), payment.GetProperty("amount").GetDecimal()));
        Assert.Equal("paid", (await statuses.NextAsync()).Payload.GetProperty("status").GetString());

        var (moveStatus, _, _) = await admin.PostAsync($"/api/orders/{orderId}/status", new { status = "processing" });
        Assert.Equal(HttpStatusCode.OK, moveStatus);
        Assert.Equal("processing", (await statuses.NextMatchingAsync(s => s.GetProperty("status").GetString() == "processing")).GetProperty("status").GetString());

        var (badMove, problem, _) = await admin.PostAsync($"/api/orders/{orderId}/status", new { status = "delivered" });
        Assert.Equal(HttpStatusCode.Conflict, badMove);
        Assert.Contains("Allowed next: in_transit, cancelled, refunded", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var (_, processing, _) = await admin.GetAsync("/api/orders?status=processing&limit=200");
        Assert.Contains(orderId, processing.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("id").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/orders?status=lost")).Status);

        var (_, full, _) = await customer.GetAsync($"/api/orders/{orderId}");
        Assert.Equal(3, full.GetProperty("history").GetArrayLength());
        Assert.Equal(1, full.GetProperty("payments").GetArrayLength());
    }

    [Fact]
    public async Task Checkout_refusals_are_clear()
    {
        using var admin = await fixture.AdminAsync();
        var productId = await admin.CreateProductAsync(stock: 1);
        using var customer = await fixture.Client().RegisterAsync();

        var (emptyCart, problem, _) = await customer.PostAsync("/api/orders", Address);
        Assert.Equal(HttpStatusCode.BadRequest, emptyCart);
        Assert.Equal("The cart is empty.", problem.GetProperty("errors").GetProperty("items")[0].GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await customer.PostAsync("/api/orders", new { items = new[] { new { productId, quantity = 1 } } })).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await customer.PostAsync("/api/orders", new { shippingAddress = "x", items = new[] { new { productId, quantity = 2 } } })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await customer.PostAsync("/api/orders", new { shippingAddress = "x", items = new[] { new { productId = "nope", quantity = 1 } } })).Status);
        var longKey = new string('k', 201);
        Assert.Equal(HttpStatusCode.BadRequest, (await customer.SendAsync(Keyed(HttpMethod.Post, "/api/orders", Address, longKey))).Status);
    }

    [Fact]
    public async Task Staff_adjust_stock_with_a_reason_and_staff_dashboards_see_it_live()
    {
        using var admin = await fixture.AdminAsync();
        var productId = await admin.CreateProductAsync(stock: 3);
        await using var dashboard = await admin.ConnectAsync();
        await dashboard.InvokeAsync("JoinAdmins");
        using var updates = new EventRecorder(dashboard, "product_updated");

        var (status, product, _) = await admin.PostAsync($"/api/products/{productId}/stock", new { delta = 7, reason = "delivery from supplier" });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(10, product.GetProperty("stock").GetInt32());
        var live = await updates.NextMatchingAsync(p => p.GetProperty("id").GetString() == productId);
        Assert.Equal(10, live.GetProperty("stock").GetInt32());

        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync($"/api/products/{productId}/stock", new { delta = -11, reason = "breakage" })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync($"/api/products/{productId}/stock", new { delta = 1, reason = "" })).Status);
        var (_, history, _) = await admin.GetAsync($"/api/products/{productId}/stock");
        Assert.Equal(["delivery from supplier", "opening stock"], history.EnumerateArray().Select(m => m.GetProperty("reason").GetString()));

        using var customer = await fixture.Client().RegisterAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.PostAsync($"/api/products/{productId}/stock", new { delta = 1, reason = "mine" })).Status);
    }

    [Fact]
    public async Task Product_search_finds_words_by_prefix_and_hides_inactive_products_from_customers()
    {
        using var admin = await fixture.AdminAsync();
        var marker = $"zq{Guid.NewGuid():N}"[..12];
        var (_, lamp, _) = await admin.PostAsync("/api/products", new { name = $"Brass desk lamp {marker}", description = "Warm light", price = 40, stock = 2, category = "lighting" });
        var (_, hidden, _) = await admin.PostAsync("/api/products", new { name = $"Old lamp {marker}", price = 5, stock = 2, active = false });

        using var anonymous = fixture.Client();
        var (_, found, _) = await anonymous.GetAsync($"/api/products?search={marker[..8]} lam");
        Assert.Equal([lamp.GetProperty("id").GetString()], found.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetString()));
        var (_, staffView, _) = await admin.GetAsync($"/api/products?search={marker}");
        Assert.Equal(2, staffView.GetProperty("items").GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/products/{hidden.GetProperty("id").GetString()}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/api/products?search=%22%27%3B--")).Status);
    }

    [Fact]
    public async Task Customers_pay_only_by_card_and_staff_record_money_taken_offline()
    {
        using var admin = await fixture.AdminAsync();
        var productId = await admin.CreateProductAsync(stock: 10, price: 15m);
        using var customer = await fixture.Client().RegisterAsync();
        var (_, order, _) = await customer.PostAsync("/api/orders", new { shippingAddress = "Till Road", items = new[] { new { productId, quantity = 1 } } });
        var orderId = order.GetProperty("id").GetString()!;

        var (status, problem, contentType) = await customer.PostAsync($"/api/orders/{orderId}/payments", new { amount = 15, method = "cash" });
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("application/problem+json", contentType);
        Assert.Contains("test_card", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("pending_payment", (await customer.GetAsync($"/api/orders/{orderId}")).Body.GetProperty("status").GetString());

        var (staffStatus, recorded, _) = await admin.PostAsync($"/api/orders/{orderId}/payments", new { amount = 15, method = "cash" });
        Assert.Equal(HttpStatusCode.Created, staffStatus);
        Assert.Equal("paid", recorded.GetProperty("order").GetProperty("status").GetString());
    }
}
