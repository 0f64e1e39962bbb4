using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using OmniBiz.WebHost.Tests.Common;

namespace OmniBiz.WebHost.Tests.Purchasing;

[Collection(NodeCollection.Name)]
public sealed class PurchasingApiTests(NodeFixture fixture)
{
    private static async Task<string> SupplierAsync(ApiClient admin, string productId, decimal unitCost = 2.50m, int termsDays = 30, string name = "Acme Supplies")
    {
        var (status, body, _) = await admin.PostAsync("/api/purchasing/suppliers", new
        {
            name,
            address = "1 Dock Road",
            paymentTermsDays = termsDays,
            contacts = new[] { new { name = "Ann Buyer", email = "ann@acme.example", phone = "+1 (555) 010-2030", role = "sales" } },
            products = new[] { new { productId, supplierCode = "ACME-1", unitCost, leadTimeDays = 5 } },
        });
        Assert.True(status == HttpStatusCode.Created, body.ToString());
        return body.GetProperty("id").GetString()!;
    }

    private static async Task<JsonElement> OrderAsync(ApiClient admin, string supplierId, string productId, int quantity, decimal? unitCost = null, DateTimeOffset? expectedAt = null)
    {
        var (status, body, _) = await admin.PostAsync("/api/purchasing/orders", new { supplierId, lines = new[] { new { productId, quantity, unitCost } }, expectedAt });
        Assert.True(status == HttpStatusCode.Created, body.ToString());
        return body;
    }

    private static async Task<JsonElement> MoveAsync(ApiClient admin, string orderId, string status)
    {
        var (code, body, _) = await admin.PostAsync($"/api/purchasing/orders/{orderId}/status", new { status });
        Assert.True(code == HttpStatusCode.OK, body.ToString());
        return body;
    }

    private static Task<(HttpStatusCode Status, JsonElement Body, string? ContentType)> KeyedAsync(ApiClient client, string path, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }

    private static async Task<int> StockAsync(ApiClient client, string productId) =>
        (await client.GetAsync($"/api/products/{productId}")).Body.GetProperty("stock").GetInt32();

    [Fact]
    public async Task Three_partial_receipts_each_sent_twice_derive_the_status_and_raise_stock_by_exactly_what_arrived()
    {
        using var admin = await fixture.AdminAsync();
        var productId = await admin.CreateProductAsync(stock: 7);
        var supplierId = await SupplierAsync(admin, productId);
        await using var staffTab = await admin.ConnectAsync();
        await staffTab.InvokeAsync("JoinAdmins");
        using var productEvents = new EventRecorder(staffTab, "product_updated");
        using var shopper = await fixture.Client().RegisterAsync();
        await using var shopperTab = await shopper.ConnectAsync();
        await shopperTab.InvokeAsync("JoinCatalog");
        using var shopperEvents = new EventRecorder(shopperTab, "product_updated");

        var order = await OrderAsync(admin, supplierId, productId, quantity: 10);
        var id = order.GetProperty("id").GetString()!;
        var number = order.GetProperty("number").GetString()!;
        Assert.Matches(@"^PO-\d{4}-\d{5}$", number);
        Assert.Equal("draft", order.GetProperty("status").GetString());
        Assert.Equal(25.00m, order.GetProperty("total").GetDecimal());
        await MoveAsync(admin, id, "sent");
        await MoveAsync(admin, id, "confirmed");

        var expected = new[] { ("partially_received", 3, 10), ("partially_received", 8, 15), ("received", 10, 17) };
        var quantities = new[] { 3, 5, 2 };
        for (var i = 0; i < 3; i++)
        {
            var key = Guid.NewGuid().ToString("N");
            var (first, firstBody, _) = await KeyedAsync(admin, $"/api/purchasing/orders/{id}/receipts", new { lines = new[] { new { productId, quantity = quantities[i] } } }, key);
            var (again, againBody, _) = await KeyedAsync(admin, $"/api/purchasing/orders/{id}/receipts", new { lines = new[] { new { productId, quantity = quantities[i] } } }, key);
            Assert.True(first == HttpStatusCode.Created, firstBody.ToString());
            Assert.True(again == HttpStatusCode.Created, againBody.ToString());
            var (status, received, stock) = expected[i];
            Assert.Equal(status, againBody.GetProperty("status").GetString());
            Assert.Equal(received, againBody.GetProperty("lines")[0].GetProperty("received").GetInt32());
            Assert.Equal(i + 1, againBody.GetProperty("receipts").GetArrayLength());
            Assert.Equal(stock, await StockAsync(admin, productId));
        }

        // Staff watched the stock rise live, three times and no more.
        var stocks = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            stocks.Add((await productEvents.NextMatchingAsync(p => p.GetProperty("id").GetString() == productId)).GetProperty("stock").GetInt32());
        }

        Assert.Equal([10, 15, 17], stocks);
        var shopperStocks = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            shopperStocks.Add((await shopperEvents.NextMatchingAsync(p => p.GetProperty("id").GetString() == productId)).GetProperty("stock").GetInt32());
        }

        Assert.Equal([10, 15, 17], shopperStocks);

        var (_, history, _) = await admin.GetAsync($"/api/products/{productId}/stock");
        var receipts = history.EnumerateArray().Where(m => m.GetProperty("reason").GetString() == $"received on {number}").Select(m => m.GetProperty("delta").GetInt32()).ToList();
        Assert.Equal([2, 5, 3], receipts);

        // Nothing more arrives on a received order.
        var (late, problem, type) = await KeyedAsync(admin, $"/api/purchasing/orders/{id}/receipts", new { lines = new[] { new { productId, quantity = 1 } } }, Guid.NewGuid().ToString("N"));
        Assert.Equal(HttpStatusCode.Conflict, late);
        Assert.Equal("application/problem+json", type);
        Assert.Contains("received", problem.GetProperty("detail").GetString());
        await MoveAsync(admin, id, "closed");
    }

    [Fact]
    public async Task Six_concurrent_one_unit_receipts_against_three_open_units_accept_exactly_three()
    {
        using var admin = await fixture.AdminAsync();
        var productId = await admin.CreateProductAsync(stock: 0);
        var supplierId = await SupplierAsync(admin, productId);
        var id = (await OrderAsync(admin, supplierId, productId, quantity: 3)).GetProperty("id").GetString()!;
        await MoveAsync(admin, id, "confirmed");

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            KeyedAsync(admin, $"/api/purchasing/orders/{id}/receipts", new { lines = new[] { new { productId, quantity = 1 } } }, Guid.NewGuid().ToString("N"))));

        Assert.Equal(3, results.Count(r => r.Status == HttpStatusCode.Created));
        Assert.Equal(3, results.Count(r => r.Status == HttpStatusCode.Conflict));
        Assert.Equal(3, await StockAsync(admin, productId));
        var (_, order, _) = await admin.GetAsync($"/api/purchasing/orders/{id}");
        Assert.Equal("received", order.GetProperty("status").GetString());
        Assert.Equal(3, order.GetProperty("lines")[0].GetProperty("received").GetInt32());
    }

    [Fact]
    public async Task Concurrent_payments_never_exceed_the_total_and_a_retried_payment_counts_once()
    {
        using var admin = await fixture.AdminAsync();
        var productId = await admin.CreateProductAsync();
        var supplierId = await SupplierAsync(admin, productId, unitCost: 10m);
        var id = (await OrderAsync(admin, supplierId, productId, quantity: 4)).GetProperty("id").GetString()!;
        var (early, _, _) = await KeyedAsync(admin, $"/api/purchasing/orders/{id}/payments", new { amount = 10m }, Guid.NewGuid().ToString("N"));
        Assert.Equal(HttpStatusCode.Conflict, early); // drafts are not paid
        await MoveAsync(admin, id, "confirmed");

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            KeyedAsync(admin, $"/api/purchasing/orders/{id}/payments", new { amount = 15m, reference = "wire" }, Guid.NewGuid().ToString("N"))));
        Assert.Equal(2, results.Count(r => r.Status == HttpStatusCode.Created));
        Assert.Equal(8, results.Count(r => r.Status == HttpStatusCode.Conflict));

        var key = Guid.NewGuid().ToString("N");
        var (paid, body, _) = await KeyedAsync(admin, $"/api/purchasing/orders/{id}/payments", new { amount = 10m }, key);
        Assert.True(paid == HttpStatusCode.Created, body.ToString());
        var (retried, again, _) = await KeyedAsync(admin, $"/api/purchasing/orders/{id}/payments", new { amount = 10m }, key);
        Assert.Equal(HttpStatusCode.Created, retried);
        Assert.Equal(40m, again.GetProperty("payment").GetProperty("paid").GetDecimal());
        Assert.Equal(0m, again.GetProperty("payment").GetProperty("due").GetDecimal());
        Assert.Equal("paid", again.GetProperty("payment").GetProperty("status").GetString());
        Assert.Equal(3, again.GetProperty("payments").GetArrayLength());

        var (over, problem, _) = await KeyedAsync(admin, $"/api/purchasing/orders/{id}/payments", new { amount = 0.01m }, Guid.NewGuid().ToString("N"));
        Assert.Equal(HttpStatusCode.Conflict, over);
        Assert.Contains("overpay", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Received_statuses_cannot_be_set_by_hand_and_the_refusal_names_the_allowed_next_statuses()
    {
        using var admin = await fixture.AdminAsync();
        var productId = await admin.CreateProductAsync();
        var supplierId = await SupplierAsync(admin, productId);
        var id = (await OrderAsync(admin, supplierId, productId, quantity: 2)).GetProperty("id").GetString()!;

        foreach (var status in new[] { "received", "partially_received" })
        {
            var (code, problem, type) = await admin.PostAsync($"/api/purchasing/orders/{id}/status", new { status });
            Assert.Equal(HttpStatusCode.Conflict, code);
            Assert.Equal("application/problem+json", type);
            Assert.Contains("Allowed next", problem.GetProperty("detail").GetString());
            Assert.Contains("sent, confirmed, cancelled", problem.GetProperty("detail").GetString());
        }

        var (closed, closedProblem, _) = await admin.PostAsync($"/api/purchasing/orders/{id}/status", new { status = "closed" });
        Assert.Equal(HttpStatusCode.Conflict, closed);
        Assert.Contains("cannot go from draft to closed", closedProblem.GetProperty("detail").GetString());

        // Lines are edited only in draft.
        var (edited, editedBody, _) = await admin.PutAsync($"/api/purchasing/orders/{id}", new { lines = new[] { new { productId, quantity = 5 } } });
        Assert.True(edited == HttpStatusCode.OK, editedBody.ToString());
        Assert.Equal(5, editedBody.GetProperty("lines")[0].GetProperty("quantity").GetInt32());
        await MoveAsync(admin, id, "sent");
        var (locked, _, _) = await admin.PutAsync($"/api/purchasing/orders/{id}", new { lines = new[] { new { productId, quantity = 6 } } });
        Assert.Equal(HttpStatusCode.Conflict, locked);
        var cancelled = await MoveAsync(admin, id, "cancelled");
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        var (reopen, _, _) = await admin.PostAsync($"/api/purchasing/orders/{id}/status", new { status = "sent" });
        Assert.Equal(HttpStatusCode.Conflict, reopen);
    }

    [Fact]
    public async Task A_customer_is_refused_every_purchasing_endpoint_and_JoinPurchasing()
    {
        using var admin = await fixture.AdminAsync();
        var productId = await admin.CreateProductAsync();
        var supplierId = await SupplierAsync(admin, productId);
        var id = (await OrderAsync(admin, supplierId, productId, quantity: 1)).GetProperty("id").GetString()!;
        using var customer = await fixture.Client().RegisterAsync();

        var calls = new (HttpMethod Method, string Path)[]
        {
            (HttpMethod.Get, "/api/purchasing/suppliers"), (HttpMethod.Post, "/api/purchasing/suppliers"),
            (HttpMethod.Get, $"/api/purchasing/suppliers/{supplierId}"), (HttpMethod.Put, $"/api/purchasing/suppliers/{supplierId}"),
            (HttpMethod.Get, "/api/purchasing/orders"), (HttpMethod.Post, "/api/purchasing/orders"),
            (HttpMethod.Get, $"/api/purchasing/orders/{id}"), (HttpMethod.Put, $"/api/purchasing/orders/{id}"),
            (HttpMethod.Post, $"/api/purchasing/orders/{id}/status"), (HttpMethod.Post, $"/api/purchasing/orders/{id}/receipts"),
            (HttpMethod.Post, $"/api/purchasing/orders/{id}/delivery"), (HttpMethod.Post, $"/api/purchasing/orders/{id}/payments"),
            (HttpMethod.Get, "/api/purchasing/activity"),
        };
        foreach (var (method, path) in calls)
        {
            var (status, _, _) = await customer.SendAsync(method, path, method == HttpMethod.Get ? null : new { status = "received" });
            Assert.True(status == HttpStatusCode.Forbidden, $"{method} {path} answered {status}");
        }

        await using var tab = await customer.ConnectAsync();
        var refusal = await Assert.ThrowsAsync<HubException>(() => tab.InvokeAsync("JoinPurchasing"));
        Assert.Contains("purchasing", refusal.Message);
        var (_, order, _) = await admin.GetAsync($"/api/purchasing/orders/{id}");
        Assert.Equal("draft", order.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Purchasing_real_time_scenario_a_new_order_reaches_the_feed_live_and_payments_turn_pending_into_paid()
    {
        using var admin = await fixture.AdminAsync();
        var productId = await admin.CreateProductAsync(stock: 1);
        await using var dashboard = await admin.ConnectAsync();
        await dashboard.InvokeAsync("JoinPurchasing");
        using var activity = new EventRecorder(dashboard, "purchasing_activity");
        using var updates = new EventRecorder(dashboard, "purchase_order_updated");
        using var payments = new EventRecorder(dashboard, "payment_processed");
        using var deliveries = new EventRecorder(dashboard, "delivery_status_updated");

        // Suppliers tab: contact cards with call and email links.
        var supplierId = await SupplierAsync(admin, productId, unitCost: 12.50m, termsDays: 14, name: $"Realtime Supplier {Guid.NewGuid():N}");
        var (_, supplier, _) = await admin.GetAsync($"/api/purchasing/suppliers/{supplierId}");
        var contact = supplier.GetProperty("contacts")[0];
        Assert.Equal("mailto:ann@acme.example", contact.GetProperty("emailLink").GetString());
        Assert.Equal("tel:+15550102030", contact.GetProperty("phoneLink").GetString());

        // Create a purchase order: it appears on the feed live, and its payment is pending.
        var expectedAt = DateTimeOffset.UtcNow.AddDays(3);
        var created = await OrderAsync(admin, supplierId, productId, quantity: 4, expectedAt: expectedAt);
        var id = created.GetProperty("id").GetString()!;
        var entry = await activity.NextMatchingAsync(a => a.GetProperty("purchaseOrderId").GetString() == id);
        Assert.Equal("created", entry.GetProperty("kind").GetString());
        Assert.Equal(supplierId, entry.GetProperty("supplierId").GetString());
        Assert.Equal(admin.UserId, entry.GetProperty("actorId").GetString());
        Assert.Contains(created.GetProperty("number").GetString()!, entry.GetProperty("summary").GetString());
        var live = await updates.NextMatchingAsync(o => o.GetProperty("id").GetString() == id);
        Assert.Equal("unpaid", live.GetProperty("payment").GetProperty("status").GetString());
        Assert.Equal(50m, live.GetProperty("payment").GetProperty("due").GetDecimal());
        Assert.Equal(expectedAt.AddDays(14).ToUnixTimeSeconds(), live.GetProperty("payment").GetProperty("dueDate").GetDateTimeOffset().ToUnixTimeSeconds());

        var (_, feed, _) = await admin.GetAsync($"/api/purchasing/activity?purchaseOrderId={id}");
        Assert.Equal(entry.GetProperty("id").GetString(), feed.GetProperty("items")[0].GetProperty("id").GetString());

        await MoveAsync(admin, id, "sent");
        var (shipped, shippedBody, _) = await admin.PostAsync($"/api/purchasing/orders/{id}/delivery", new { status = "in_transit", carrier = "DHL", trackingNumber = "JD0001" });
        Assert.True(shipped == HttpStatusCode.OK, shippedBody.ToString());
        var delivery = await deliveries.NextMatchingAsync(d => d.GetProperty("purchaseOrderId").GetString() == id);
        Assert.Equal("in_transit", delivery.GetProperty("status").GetString());
        Assert.Equal("DHL", delivery.GetProperty("carrier").GetString());

        foreach (var (amount, status) in new[] { (20m, "partially_paid"), (30m, "paid") })
        {
            var (code, body, _) = await KeyedAsync(admin, $"/api/purchasing/orders/{id}/payments", new { amount, reference = "INV-7" }, Guid.NewGuid().ToString("N"));
            Assert.True(code == HttpStatusCode.Created, body.ToString());
            var notice = await payments.NextMatchingAsync(p => p.GetProperty("purchaseOrderId").GetString() == id);
            Assert.Equal(amount, notice.GetProperty("amount").GetDecimal());
            Assert.Equal(status, notice.GetProperty("status").GetString());
        }

        var (_, all, _) = await admin.GetAsync($"/api/purchasing/activity?purchaseOrderId={id}&limit=2");
        var kinds = all.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("kind").GetString()).ToList();
        Assert.Equal(["payment", "payment"], kinds);
        var (_, rest, _) = await admin.GetAsync($"/api/purchasing/activity?purchaseOrderId={id}&limit=10&cursor={all.GetProperty("nextCursor").GetString()}");
        Assert.Equal(["delivery", "status_changed", "created"], rest.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("kind").GetString()).ToList());
        var (_, bySupplier, _) = await admin.GetAsync($"/api/purchasing/activity?supplierId={supplierId}");
        Assert.Equal(5, bySupplier.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Lists_search_suppliers_by_name_contact_and_product_and_flag_overdue_orders()
    {
        using var admin = await fixture.AdminAsync();
        var tag = Guid.NewGuid().ToString("N")[..10];
        var productId = await admin.CreateProductAsync(name: $"Widget {tag}");
        var supplierId = await SupplierAsync(admin, productId, name: $"Supplier {tag}");

        foreach (var search in new[] { $"supplier {tag}", $"widget {tag}", "ann@acme.example" })
        {
            var (_, page, _) = await admin.GetAsync($"/api/purchasing/suppliers?search={Uri.EscapeDataString(search)}&limit=200");
            Assert.Contains(page.GetProperty("items").EnumerateArray(), s => s.GetProperty("id").GetString() == supplierId);
        }

        var late = (await OrderAsync(admin, supplierId, productId, 1, expectedAt: DateTimeOffset.UtcNow.AddDays(-1))).GetProperty("id").GetString()!;
        var onTime = (await OrderAsync(admin, supplierId, productId, 1, expectedAt: DateTimeOffset.UtcNow.AddDays(10))).GetProperty("id").GetString()!;
        var (_, orders, _) = await admin.GetAsync($"/api/purchasing/orders?supplierId={supplierId}&limit=1");
        Assert.Equal(onTime, orders.GetProperty("items")[0].GetProperty("id").GetString());
        Assert.False(orders.GetProperty("items")[0].GetProperty("overdue").GetBoolean());
        var (_, next, _) = await admin.GetAsync($"/api/purchasing/orders?supplierId={supplierId}&limit=1&cursor={orders.GetProperty("nextCursor").GetString()}");
        Assert.Equal(late, next.GetProperty("items")[0].GetProperty("id").GetString());
        Assert.True(next.GetProperty("items")[0].GetProperty("overdue").GetBoolean());
        var (_, overdue, _) = await admin.GetAsync($"/api/purchasing/orders?supplierId={supplierId}&overdue=true");
        Assert.Equal([late], overdue.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("id").GetString()).ToList());
        var (_, one, _) = await admin.GetAsync($"/api/purchasing/orders/{late}");
        Assert.True(one.GetProperty("overdue").GetBoolean());
    }

    [Fact]
    public async Task Bad_input_is_refused_with_problem_details_that_say_what_is_wrong()
    {
        using var admin = await fixture.AdminAsync();
        var productId = await admin.CreateProductAsync();
        var otherProduct = await admin.CreateProductAsync();
        var supplierId = await SupplierAsync(admin, productId);

        async Task ExpectAsync(HttpStatusCode expected, Task<(HttpStatusCode Status, JsonElement Body, string? ContentType)> call, string mentions)
        {
            var (status, body, type) = await call;
            Assert.True(status == expected, $"expected {expected}, got {status}: {body}");
            Assert.Equal("application/problem+json", type);
            Assert.Contains(mentions, body.ToString(), StringComparison.OrdinalIgnoreCase);
        }

        await ExpectAsync(HttpStatusCode.NotFound, admin.PostAsync("/api/purchasing/orders", new { supplierId = "no-such-supplier", lines = new[] { new { productId, quantity = 1 } } }), "supplier");
        await ExpectAsync(HttpStatusCode.NotFound, admin.PostAsync("/api/purchasing/orders", new { supplierId, lines = new[] { new { productId = "no-such-product", quantity = 1, unitCost = 1m } } }), "product");
        await ExpectAsync(HttpStatusCode.BadRequest, admin.PostAsync("/api/purchasing/orders", new { supplierId, lines = new[] { new { productId, quantity = 0 } } }), "quantit");
        await ExpectAsync(HttpStatusCode.BadRequest, admin.PostAsync("/api/purchasing/orders", new { supplierId, lines = new[] { new { productId, quantity = -2 } } }), "quantit");
        await ExpectAsync(HttpStatusCode.BadRequest, admin.PostAsync("/api/purchasing/orders", new { supplierId, lines = new[] { new { productId, quantity = 1, unitCost = 1.005m } } }), "2 decimals");
        await ExpectAsync(HttpStatusCode.BadRequest, admin.PostAsync("/api/purchasing/orders", new { supplierId, lines = new[] { new { productId = otherProduct, quantity = 1 } } }), "unit cost");
        await ExpectAsync(HttpStatusCode.BadRequest, admin.PostAsync("/api/purchasing/suppliers", new { name = "Bad mail", contacts = new[] { new { name = "X", email = "not-an-email" } } }), "contacts[0].email");
        await ExpectAsync(HttpStatusCode.BadRequest, admin.PostAsync("/api/purchasing/suppliers", new { name = "Bad phone", contacts = new[] { new { name = "X", phone = "call me" } } }), "phone");
        await ExpectAsync(HttpStatusCode.BadRequest, admin.PostAsync("/api/purchasing/suppliers", new { name = "Bad cost", products = new[] { new { productId, unitCost = 0.333m } } }), "2 decimals");
        await ExpectAsync(HttpStatusCode.NotFound, admin.PostAsync("/api/purchasing/suppliers", new { name = "Ghost", products = new[] { new { productId = "no-such-product", unitCost = 1m } } }), "product");
        await ExpectAsync(HttpStatusCode.NotFound, admin.GetAsync("/api/purchasing/suppliers/no-such-supplier"), "supplier");
        await ExpectAsync(HttpStatusCode.NotFound, admin.GetAsync("/api/purchasing/orders/no-such-order"), "purchase order");

        var id = (await OrderAsync(admin, supplierId, productId, quantity: 2)).GetProperty("id").GetString()!;
        await MoveAsync(admin, id, "confirmed");
        var receipts = $"/api/purchasing/orders/{id}/receipts";
        await ExpectAsync(HttpStatusCode.BadRequest, admin.PostAsync(receipts, new { lines = new[] { new { productId, quantity = 1 } } }), "Idempotency-Key");
        await ExpectAsync(HttpStatusCode.BadRequest, KeyedAsync(admin, receipts, new { lines = new[] { new { productId = otherProduct, quantity = 1 } } }, "k1"), "not on PO-");
        await ExpectAsync(HttpStatusCode.BadRequest, KeyedAsync(admin, receipts, new { lines = new[] { new { productId, quantity = 0 } } }, "k2"), "quantit");
        await ExpectAsync(HttpStatusCode.Conflict, KeyedAsync(admin, receipts, new { lines = new[] { new { productId, quantity = 3 } } }, "k3"), "at most 2 more");
        await ExpectAsync(HttpStatusCode.BadRequest, KeyedAsync(admin, $"/api/purchasing/orders/{id}/payments", new { amount = 1.234m }, "k4"), "2 decimals");
        await ExpectAsync(HttpStatusCode.BadRequest, KeyedAsync(admin, $"/api/purchasing/orders/{id}/payments", new { amount = -1m }, "k5"), "positive");
        await ExpectAsync(HttpStatusCode.BadRequest, admin.PostAsync($"/api/purchasing/orders/{id}/delivery", new { status = "lost" }), "delivery status");
        await ExpectAsync(HttpStatusCode.BadRequest, admin.PostAsync($"/api/purchasing/orders/{id}/status", new { status = "shipped" }), "unknown status");
        var (_, order, _) = await admin.GetAsync($"/api/purchasing/orders/{id}");
        Assert.Equal(0, order.GetProperty("lines")[0].GetProperty("received").GetInt32());
        Assert.Empty(order.GetProperty("payments").EnumerateArray());
    }

    [Fact]
    public async Task A_supplier_is_replaced_by_put_and_the_list_pages_by_cursor_and_filters_by_active()
    {
        using var admin = await fixture.AdminAsync();
        var tag = Guid.NewGuid().ToString("N")[..10];
        var productId = await admin.CreateProductAsync(name: $"Gadget {tag}");
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await SupplierAsync(admin, productId, name: $"Paged {tag} {i}"));
        }

        var (updated, supplier, _) = await admin.PutAsync($"/api/purchasing/suppliers/{ids[0]}", new
        {
            name = $"Paged {tag} renamed",
            active = false,
            paymentTermsDays = 60,
            contacts = new[] { new { name = "Bo Seller", email = "bo@paged.example", phone = "020 555 0199", role = "accounts" } },
        });
        Assert.True(updated == HttpStatusCode.OK, supplier.ToString());
        Assert.Equal(2, supplier.GetProperty("version").GetInt32());
        Assert.Equal(60, supplier.GetProperty("paymentTermsDays").GetInt32());
        Assert.Empty(supplier.GetProperty("products").EnumerateArray());
        Assert.Equal("tel:0205550199", supplier.GetProperty("contacts")[0].GetProperty("phoneLink").GetString());

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var (_, page, _) = await admin.GetAsync($"/api/purchasing/suppliers?search=paged%20{tag}&limit=2" + (cursor is null ? "" : $"&cursor={cursor}"));
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("id").GetString()!));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        Assert.Equal([ids[2], ids[1], ids[0]], seen);

        var (_, active, _) = await admin.GetAsync($"/api/purchasing/suppliers?search=paged%20{tag}&active=true");
        Assert.Equal([ids[2], ids[1]], active.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("id").GetString()!).ToList());
        var (_, byContact, _) = await admin.GetAsync("/api/purchasing/suppliers?search=bo@paged.example");
        Assert.Contains(byContact.GetProperty("items").EnumerateArray(), s => s.GetProperty("id").GetString() == ids[0]);

        // An inactive supplier takes no new orders.
        var (refused, problem, _) = await admin.PostAsync("/api/purchasing/orders", new { supplierId = ids[0], lines = new[] { new { productId, quantity = 1, unitCost = 1m } } });
        Assert.Equal(HttpStatusCode.Conflict, refused);
        Assert.Contains("inactive", problem.GetProperty("detail").GetString());
    }
}
