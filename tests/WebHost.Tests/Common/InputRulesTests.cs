using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace OmniBiz.WebHost.Tests.Common;

/// <summary>The shared input rules at work on real requests: field limits, NUL, blank ids, cursors and dates.</summary>
[Collection(NodeCollection.Name)]
public sealed class InputRulesTests(NodeFixture fixture)
{
    [Fact]
    public async Task An_overlong_email_is_refused_before_any_grain_and_the_document_states_the_limit()
    {
        using var client = fixture.Client();
        var (status, problem, _) = await client.PostAsync("/api/auth/login", new { email = new string('e', 9_000) + "@example.com", password = "password-123" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(problem.GetProperty("errors").TryGetProperty("email", out _), problem.ToString());

        var (_, document, _) = await client.GetAsync("/openapi/v1.json");
        var login = document.GetProperty("components").GetProperty("schemas").GetProperty("LoginRequest");
        Assert.Equal(254, login.GetProperty("properties").GetProperty("email").GetProperty("maxLength").GetInt32());
    }

    [Fact]
    public async Task A_payment_with_NUL_in_its_reference_is_refused_and_changes_nothing()
    {
        using var admin = await fixture.AdminAsync();
        using var customer = await fixture.Client().RegisterAsync();
        var productId = await admin.CreateProductAsync(stock: 10, price: 4m);
        var (_, order, _) = await customer.PostAsync("/api/orders", new { shippingAddress = "1 Main St", items = new[] { new { productId, quantity = 1 } } });
        var orderId = order.GetProperty("id").GetString();

        var (status, problem, _) = await admin.PostAsync($"/api/orders/{orderId}/payments", new { amount = 4m, method = "cash", reference = "a\u0000b" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(problem.GetProperty("errors").TryGetProperty("reference", out _), problem.ToString());

        var (_, unchanged, _) = await customer.GetAsync($"/api/orders/{orderId}");
        Assert.Equal("pending_payment", unchanged.GetProperty("status").GetString());
        Assert.Empty(unchanged.GetProperty("payments").EnumerateArray());

        // The order still works, and its list row follows.
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync($"/api/orders/{orderId}/payments", new { amount = 4m, method = "cash", reference = "till 3" })).Status);
        var (_, list, _) = await customer.GetAsync("/api/orders");
        Assert.Equal("paid", list.GetProperty("items").EnumerateArray().Single(o => o.GetProperty("id").GetString() == orderId).GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_order_naming_a_product_with_NUL_is_refused_and_holds_no_stock()
    {
        using var admin = await fixture.AdminAsync();
        using var customer = await fixture.Client().RegisterAsync();
        var productId = await admin.CreateProductAsync(stock: 3);
        var (status, _, _) = await customer.PostAsync("/api/orders", new
        {
            shippingAddress = "1 Main St",
            items = new object[] { new { productId, quantity = 3 }, new { productId = "p\u0000q", quantity = 1 } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var (_, product, _) = await admin.GetAsync($"/api/products/{productId}");
        Assert.Equal(3, product.GetProperty("stock").GetInt32());
        var (_, orders, _) = await customer.GetAsync("/api/orders");
        Assert.Empty(orders.GetProperty("items").EnumerateArray());
    }

    [Theory]
    [InlineData("/api/orders?cursor=OTIyMzM3MjAzNjg1NDc3NTgwNzp4", "cursor")]
    [InlineData("/api/orders?status=paid%00", "status")]
    [InlineData("/api/orders/%20", "id")]
    [InlineData("/api/orders?limit=many", "limit")]
    public async Task Bad_paths_and_queries_are_400_naming_the_parameter(string path, string field)
    {
        using var customer = await fixture.Client().RegisterAsync();
        var (status, problem, contentType) = await customer.GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("application/problem+json", contentType);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task An_order_line_naming_a_blank_product_is_400_naming_the_line()
    {
        using var customer = await fixture.Client().RegisterAsync();
        var (status, problem, _) = await customer.PostAsync("/api/orders", new { shippingAddress = "1 Main St", items = new[] { new { productId = "   ", quantity = 1 } } });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(problem.GetProperty("errors").TryGetProperty("items[0].productId", out _), problem.ToString());
    }

    [Fact]
    public async Task A_hub_access_token_longer_than_other_query_values_is_accepted()
    {
        // Long addresses and names make long tokens; browsers send them in the query string.
        using var customer = await fixture.Client().RegisterAsync(email: $"{new string('n', 60)}-{Guid.NewGuid():N}@example.com");
        Assert.True(customer.Token!.Length > 500, $"token of {customer.Token.Length} characters");
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(customer.Address, $"/hubs/omnibiz?access_token={customer.Token}"), o =>
            {
                o.SkipNegotiation = true;
                o.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets;
            })
            .Build();
        await connection.StartAsync();
        await connection.InvokeAsync<JsonElement>("Ready");
        Assert.Equal(HubConnectionState.Connected, connection.State);
    }

    [Fact]
    public async Task An_overlong_address_is_414_problem_details()
    {
        using var client = fixture.Client();
        var (status, problem, contentType) = await client.GetAsync("/api/products?search=" + new string('s', 20_000));
        Assert.Equal(HttpStatusCode.RequestUriTooLong, status);
        Assert.Equal("application/problem+json", contentType);
        Assert.Equal(414, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task A_blank_assignee_and_an_ancient_date_are_400()
    {
        using var admin = await fixture.AdminAsync();
        using var customer = await fixture.Client().RegisterAsync();
        var (_, ticket, _) = await customer.PostAsync("/api/support/tickets", new { subject = "Help", message = "Please" });
        var (status, problem, _) = await admin.SendAsync(HttpMethod.Patch, $"/api/support/tickets/{ticket.GetProperty("id").GetString()}", new { assigneeId = "   " });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(problem.GetProperty("errors").TryGetProperty("assigneeId", out _), problem.ToString());

        var (heatmap, dateProblem, _) = await admin.GetAsync("/api/fleet/heatmap?to=0001-01-01T00:00:00Z");
        Assert.Equal(HttpStatusCode.BadRequest, heatmap);
        Assert.True(dateProblem.GetProperty("errors").TryGetProperty("to", out _), dateProblem.ToString());
    }

    [Fact]
    public async Task Hub_calls_with_a_blank_conversation_or_NUL_text_are_refused_with_the_reason()
    {
        using var customer = await fixture.Client().RegisterAsync();
        await using var connection = await customer.ConnectAsync();
        var blank = await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => connection.InvokeAsync<JsonElement>("SendMessage", " ", "hi", "c1", null));
        Assert.Contains("conversationId", blank.Message, StringComparison.Ordinal);
        var nul = await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => connection.InvokeAsync<long>("MarkRead", "a\u0000b", 1L));
        Assert.Contains("conversationId", nul.Message, StringComparison.Ordinal);
        Assert.Equal(Microsoft.AspNetCore.SignalR.Client.HubConnectionState.Connected, connection.State);
    }
}
