using Microsoft.Playwright;

namespace OmniBiz.Dashboard.Tests;

[Collection(BrowserCollection.Name)]
public sealed class StoreTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Adding_to_the_cart_in_one_tab_updates_the_badge_and_checkout_of_another_without_reload()
    {
        var (email, _) = await People.CustomerAsync(fixture);
        using var staff = await fixture.Client().LoginAsAdminAsync();
        var name = $"Lamp {Guid.NewGuid():N}"[..13];
        var productId = await staff.CreateProductAsync(stock: 5, price: 12.5m, name: name);

        await using var tabA = await fixture.OpenAsync();
        await using var tabB = await fixture.OpenAsync();
        await tabA.SignInAsync(email, People.Password);
        await tabB.SignInAsync(email, People.Password);
        await tabB.Page.GotoAsync("/checkout");
        await Assertions.Expect(tabB.Page.GetByTestId("cart-empty")).ToBeVisibleAsync();

        await tabA.Page.GotoAsync($"/store");
        await tabA.Page.GetByRole(AriaRole.Searchbox).FillAsync(name);
        await tabA.Page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        var card = tabA.Page.Locator($"[data-product-id='{productId}']");
        await card.GetByRole(AriaRole.Button, new() { Name = $"Add {name} to cart" }).ClickAsync();
        await Assertions.Expect(tabA.Page.GetByTestId("cart-badge")).ToHaveTextAsync("1");
        await fixture.ScreenshotAsync(tabA.Page, "store");

        // The other tab never reloads: the badge and the checkout table follow cart_updated.
        await Assertions.Expect(tabB.Page.GetByTestId("cart-badge")).ToHaveTextAsync("1");
        await Assertions.Expect(tabB.Page.Locator($"[data-testid='cart-line'][data-product-id='{productId}']")).ToBeVisibleAsync();
        await Assertions.Expect(tabB.Page.GetByTestId("cart-total")).ToHaveTextAsync("12.50");

        // A quantity changed on the checkout page reaches the first tab's badge.
        await tabB.Page.GetByLabel($"Quantity of {name}").FillAsync("3");
        await tabB.Page.GetByLabel($"Quantity of {name}").PressAsync("Tab");
        await Assertions.Expect(tabB.Page.GetByTestId("cart-total")).ToHaveTextAsync("37.50");
        await Assertions.Expect(tabA.Page.GetByTestId("cart-badge")).ToHaveTextAsync("3");
        await fixture.ScreenshotAsync(tabB.Page, "checkout");
        Assert.Empty(tabA.Errors);
        Assert.Empty(tabB.Errors);
    }

    [Fact]
    public async Task A_product_out_of_stock_cannot_be_added_and_live_stock_enables_it()
    {
        var (email, _) = await People.CustomerAsync(fixture);
        using var staff = await fixture.Client().LoginAsAdminAsync();
        var name = $"Kettle {Guid.NewGuid():N}"[..15];
        var productId = await staff.CreateProductAsync(stock: 0, price: 30m, name: name);

        await using var tab = await fixture.OpenAsync();
        await tab.SignInAsync(email, People.Password);
        await tab.Page.GotoAsync("/store");
        await tab.Page.GetByRole(AriaRole.Searchbox).FillAsync(name);
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        var button = tab.Page.Locator($"[data-product-id='{productId}'] button");
        await Assertions.Expect(button).ToBeDisabledAsync();
        // The page has joined the live catalog before the stock changes.
        await Assertions.Expect(tab.Page.Locator("[data-live='true']")).ToHaveCountAsync(1);

        var (status, body, _) = await staff.PostAsync($"/api/products/{productId}/stock", new { delta = 4, reason = "restock" });
        Assert.True((int)status < 300, body.ToString());
        await Assertions.Expect(tab.Page.Locator($"[data-product-id='{productId}'] [data-testid='stock']")).ToHaveTextAsync("4 in stock");
        await Assertions.Expect(button).ToBeEnabledAsync();
        Assert.Empty(tab.Errors);
    }
}
