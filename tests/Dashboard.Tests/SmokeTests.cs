using System.Net;
using Microsoft.Playwright;

namespace OmniBiz.Dashboard.Tests;

[Collection(BrowserCollection.Name)]
public sealed class HostingTests(BrowserFixture fixture)
{
    [Fact]
    public async Task The_node_serves_the_app_at_the_root_and_its_deep_links_and_keeps_server_paths()
    {
        using var http = new HttpClient { BaseAddress = fixture.Node.Address };
        using var root = await http.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, root.StatusCode);
        Assert.Contains("_framework/blazor.webassembly.js", await root.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("'wasm-unsafe-eval'", root.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);

        using var deep = await http.GetAsync("/orders/some-order");
        Assert.Equal(HttpStatusCode.OK, deep.StatusCode);
        Assert.Equal("text/html", deep.Content.Headers.ContentType?.MediaType);

        using var api = await http.GetAsync("/api/no-such-thing");
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        using var hub = await http.GetAsync("/hubs/no-such-hub");
        Assert.Equal(HttpStatusCode.NotFound, hub.StatusCode);
        using var openApi = await http.GetAsync("/openapi/v1.json");
        Assert.Equal("application/json", openApi.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_visitor_sees_the_store_and_the_sign_in_page_without_console_errors()
    {
        await using var visitor = await fixture.OpenAsync();
        await visitor.Page.GotoAsync("/");
        await Assertions.Expect(visitor.Page.GetByRole(AriaRole.Heading, new() { Name = "Store" })).ToBeVisibleAsync();
        await visitor.Page.GotoAsync("/signin");
        await Assertions.Expect(visitor.Page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await fixture.ScreenshotAsync(visitor.Page, "signin");
        Assert.Empty(visitor.Errors);
    }
}
