using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using OmniBiz.Tests.Shared;
using OmniBiz.WebHost.Tests.Common;
using Xunit.Abstractions;

namespace OmniBiz.WebHost.Tests.Hosting;

/// <summary>
/// What an operator sees: the Prometheus scrape endpoint (our <c>omnibiz_…</c> metrics and Orleans' <c>orleans_…</c>),
/// answered to an admin or to the scrape key only; the Orleans Dashboard at <c>/orleans</c> for admins, opened from
/// a browser by a cookie that no other endpoint accepts; JSON logs carrying the trace id.
/// </summary>
public sealed class ObservabilityTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string ScrapeKey = "a-prometheus-scrape-key-of-32-characters-or-more";
    private TestNode _node = null!;

    public async Task InitializeAsync()
    {
        var settings = TestNode.BaseSettings();
        settings["ConnectionStrings:OmniBiz"] = await TestPostgres.CreateMigratedDatabaseAsync("observe");
        settings["OmniBiz:Metrics:ScrapeKey"] = ScrapeKey;
        _node = await TestNode.StartAsync(settings);
    }

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task Metrics_answer_an_admin_or_the_scrape_key_with_product_and_orleans_metrics_and_refuse_everyone_else()
    {
        using var admin = await _node.Client().LoginAsAdminAsync();
        using var shopper = await _node.Client().RegisterAsync();
        var productId = await admin.CreateProductAsync(stock: 10, price: 2m);
        await using var tab = await shopper.ConnectAsync();
        Assert.Equal(HttpStatusCode.OK, (await shopper.PostAsync("/api/cart/items", new { productId, quantity = 1 })).Status);
        var (placed, _, _) = await shopper.PostAsync("/api/orders", new { shippingAddress = "1 Metric Street", items = new[] { new { productId, quantity = 1 } } });
        Assert.Equal(HttpStatusCode.Created, placed);

        Assert.Equal(HttpStatusCode.Unauthorized, (await ScrapeAsync(null)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ScrapeAsync("not-the-scrape-key")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await ScrapeAsync(shopper.Token)).Status);

        var (status, text) = await ScrapeAsync(admin.Token);
        Assert.Equal(HttpStatusCode.OK, status);
        foreach (var series in new[] { "omnibiz_orders_placed_total", "omnibiz_realtime_connections", "omnibiz_realtime_events_published_total", "orleans_" })
        {
            Assert.Contains(series, text, StringComparison.Ordinal);
        }

        var withKey = await ScrapeAsync(ScrapeKey);
        Assert.Equal(HttpStatusCode.OK, withKey.Status);
        Assert.Contains("omnibiz_orders_placed_total", withKey.Text, StringComparison.Ordinal);
        output.WriteLine(string.Join('\n', text.Split('\n').Where(l => l.StartsWith("omnibiz_", StringComparison.Ordinal)).Take(20)));
    }

    [Fact]
    public async Task The_orleans_dashboard_answers_an_admin_signed_in_by_its_cookie_and_nobody_else()
    {
        using var admin = await _node.Client().LoginAsAdminAsync();
        using var customer = await _node.Client().RegisterAsync();
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = _node.Address };

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(new Uri("/orleans", UriKind.Relative))).StatusCode);
        using (var asCustomer = new HttpRequestMessage(HttpMethod.Get, "/orleans"))
        {
            asCustomer.Headers.Authorization = new AuthenticationHeaderValue("Bearer", customer.Token);
            Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(asCustomer)).StatusCode);
        }

        // A customer cannot get the cookie; an admin's browser can.
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.PostAsync("/api/admin/orleans-dashboard/session", new { })).Status);
        using var open = new HttpRequestMessage(HttpMethod.Post, "/api/admin/orleans-dashboard/session");
        open.Headers.Authorization = new AuthenticationHeaderValue("Bearer", admin.Token);
        using var opened = await http.SendAsync(open);
        Assert.Equal(HttpStatusCode.NoContent, opened.StatusCode);
        var setCookie = Assert.Single(opened.Headers.GetValues("Set-Cookie"));
        Assert.Contains("path=/orleans", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        var cookie = setCookie.Split(';')[0];

        using var page = new HttpRequestMessage(HttpMethod.Get, "/orleans/");
        page.Headers.Add("Cookie", cookie);
        using var answered = await http.SendAsync(page);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Contains("html", answered.Content.Headers.ContentType?.MediaType ?? "", StringComparison.Ordinal);

        // The cookie is for the dashboard only: the API does not take it.
        using var api = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
        api.Headers.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(api)).StatusCode);
    }

    [Fact]
    public async Task With_the_json_console_option_log_lines_are_json_and_carry_the_trace_id()
    {
        var settings = TestNode.BaseSettings();
        settings["ConnectionStrings:OmniBiz"] = await TestPostgres.CreateMigratedDatabaseAsync("jsonlogs");
        settings["Logging:Console:FormatterName"] = "json";
        settings["Logging:Console:FormatterOptions:IncludeScopes"] = "true";
        settings["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information";
        await using var node = await NodeProcess.StartAsync(settings);
        using var client = node.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/products")).Status);

        var line = await Eventually.UntilAsync(
            () => Task.FromResult(node.RecentOutput.Split('\n').FirstOrDefault(l => l.Contains("/api/products", StringComparison.Ordinal) && l.Contains("TraceId", StringComparison.Ordinal))),
            l => l is not null, TimeSpan.FromSeconds(10), "a JSON log line of the request with its trace id");
        using var json = JsonDocument.Parse(line!);
        Assert.True(json.RootElement.TryGetProperty("Timestamp", out _) || json.RootElement.TryGetProperty("EventId", out _));
        var traceId = json.RootElement.GetProperty("Scopes").EnumerateArray()
            .Where(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("TraceId", out _))
            .Select(s => s.GetProperty("TraceId").GetString()).First();
        Assert.Matches("^[0-9a-f]{32}$", traceId!);
    }

    private async Task<(HttpStatusCode Status, string Text)> ScrapeAsync(string? bearer)
    {
        using var http = new HttpClient { BaseAddress = _node.Address };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
