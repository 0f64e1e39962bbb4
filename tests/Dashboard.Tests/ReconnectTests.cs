using Microsoft.Playwright;

namespace OmniBiz.Dashboard.Tests;

[Collection(BrowserCollection.Name)]
public sealed class ReconnectTests(BrowserFixture fixture)
{
    /// <summary>Keeps every WebSocket the page opens, so the test can drop the hub connection as a network cut would.</summary>
    private const string TrackSockets = """
        (() => {
            const Native = window.WebSocket;
            window.__sockets = [];
            window.WebSocket = function (url, protocols) {
                const socket = protocols === undefined ? new Native(url) : new Native(url, protocols);
                window.__sockets.push(socket);
                return socket;
            };
            window.WebSocket.prototype = Native.prototype;
            Object.assign(window.WebSocket, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
        })();
        """;

    [Fact]
    public async Task After_a_cut_the_page_says_reconnecting_then_reconnects_and_catches_up_with_what_it_missed()
    {
        var (email, customer) = await People.CustomerAsync(fixture);
        using var admin = await fixture.Client().LoginAsAdminAsync();
        var productId = await admin.CreateProductAsync(stock: 10, price: 5m, name: "Mug");

        await using var tab = await fixture.OpenAsync();
        await tab.Context.AddInitScriptAsync(TrackSockets);
        await tab.SignInAsync(email, People.Password);
        await tab.Page.GotoAsync("/checkout");
        await Assertions.Expect(tab.Page.GetByTestId("cart-empty")).ToBeVisibleAsync();

        // Cut: the hub's socket closes and every attempt to reach the hub again fails.
        await tab.Page.RouteAsync("**/hubs/**", route => route.AbortAsync());
        await tab.Page.EvaluateAsync("() => window.__sockets.forEach(s => s.close())");
        var status = tab.Page.GetByTestId("connection-status");
        await Assertions.Expect(status).Not.ToContainTextAsync("Connected");

        // Meanwhile the cart changes elsewhere: its cart_updated cannot reach this tab.
        var (added, body, _) = await customer.PostAsync("/api/cart/items", new { productId, quantity = 2 });
        Assert.True((int)added < 300, body.ToString());
        await Assertions.Expect(tab.Page.GetByTestId("cart-badge")).ToHaveTextAsync("0");

        // The network comes back: the page reconnects by itself, reads the cart again and says so.
        await tab.Page.UnrouteAsync("**/hubs/**");
        await Assertions.Expect(status).ToContainTextAsync("Connected", new() { Timeout = 30_000 });
        await Assertions.Expect(tab.Page.GetByTestId("cart-badge")).ToHaveTextAsync("2", new() { Timeout = 20_000 });
        await Assertions.Expect(tab.Page.Locator($"[data-testid='cart-line'][data-product-id='{productId}']")).ToBeVisibleAsync();
    }
}
