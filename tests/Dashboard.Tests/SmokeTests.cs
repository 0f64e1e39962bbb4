using System.Net;
using Microsoft.Playwright;

namespace OmniBiz.Dashboard.Tests;

[Collection(BrowserCollection.Name)]
public sealed class HostingTests(BrowserFixture fixture)
{
    [Fact]
    public async Task The_node_serves_the_app_at_the_root_and_its_deep_links_and_keeps_server_paths()
    {
        using var http = new HttpClient { BaseAddress = fixture.Address };
        using var root = await http.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, root.StatusCode);
        Assert.Contains("_framework/blazor.webassembly.js", await root.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("'wasm-unsafe-eval'", root.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);

        using var deep = await http.GetAsync("/orders/some-order");
        Assert.Equal(HttpStatusCode.OK, deep.StatusCode);
        Assert.Equal("text/html", deep.Content.Headers.ContentType?.MediaType);

        // The mailed reset link opens the app's page.
        using var reset = await http.GetAsync("/reset-password?token=abc.def");
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Equal("text/html", reset.Content.Headers.ContentType?.MediaType);

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

    [Fact]
    public async Task A_new_customer_registers_and_a_refusal_shows_the_servers_message()
    {
        await using var visitor = await fixture.OpenAsync();
        await visitor.Page.GotoAsync("/register");
        await visitor.Page.GetByLabel("Display name").FillAsync("Rita");
        await visitor.Page.GetByLabel("E-mail").FillAsync(People.NewEmail("rita"));
        await visitor.Page.GetByLabel("Password").FillAsync("short");
        await visitor.Page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        // The problem details' message, not a blank page or a status code.
        await Assertions.Expect(visitor.Page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "assword" })).ToBeVisibleAsync();
        await fixture.ScreenshotAsync(visitor.Page, "register");

        await visitor.Page.GetByLabel("Password").FillAsync(People.Password);
        await visitor.Page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Assertions.Expect(visitor.Page.GetByTestId("connection-status")).ToContainTextAsync("Connected");
        await Assertions.Expect(visitor.Page.GetByRole(AriaRole.Heading, new() { Name = "Store" })).ToBeVisibleAsync();
        // Staff pages are not offered to a customer.
        await Assertions.Expect(visitor.Page.GetByRole(AriaRole.Link, new() { Name = "Maps" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task On_a_phone_sized_screen_the_store_and_the_menu_fit_the_width()
    {
        await using var visitor = await fixture.OpenAsync();
        await visitor.Page.SetViewportSizeAsync(390, 844);
        await visitor.Page.GotoAsync("/store");
        await Assertions.Expect(visitor.Page.GetByRole(AriaRole.Heading, new() { Name = "Store" })).ToBeVisibleAsync();
        var overflow = await visitor.Page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(overflow, "the page scrolls sideways on a phone");
        await fixture.ScreenshotAsync(visitor.Page, "store-phone");
    }
}
