using Microsoft.Playwright;

namespace OmniBiz.Dashboard.Tests;

[Collection(BrowserCollection.Name)]
public sealed class OrdersTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_customer_checks_out_staff_see_the_new_order_and_move_it_and_the_customer_sees_the_status()
    {
        var (customerEmail, customer) = await People.CustomerAsync(fixture);
        var (staffEmail, _) = await People.StaffAsync(fixture);
        using var admin = await fixture.Client().LoginAsAdminAsync();
        var productId = await admin.CreateProductAsync(stock: 10, price: 20m, name: "Chair");
        var (added, addBody, _) = await customer.PostAsync("/api/cart/items", new { productId, quantity = 2 });
        Assert.True((int)added < 300, addBody.ToString());

        await using var staffTab = await fixture.OpenAsync();
        await staffTab.SignInAsync(staffEmail, People.Password);
        await staffTab.Page.GotoAsync("/orders");
        await Assertions.Expect(staffTab.Page.GetByRole(AriaRole.Heading, new() { Name = "Orders (live)" })).ToBeVisibleAsync();

        await using var customerTab = await fixture.OpenAsync();
        await customerTab.SignInAsync(customerEmail, People.Password);
        await customerTab.Page.GotoAsync("/checkout");
        await customerTab.Page.GetByLabel("Shipping address").FillAsync("1 Test Street, Testville");
        // A double click places one order: one idempotency key per checkout, and the button disables itself.
        await customerTab.Page.GetByTestId("place-order").DblClickAsync();
        await Assertions.Expect(customerTab.Page.GetByTestId("order-status")).ToHaveTextAsync("pending payment");
        var orderId = customerTab.Page.Url.Split('/').Last().Split('?')[0];
        var (_, mine, _) = await customer.GetAsync("/api/orders");
        Assert.Equal(1, mine.GetProperty("items").GetArrayLength());

        // Staff see new_order without reloading, and move the order along the allowed statuses.
        var row = staffTab.Page.Locator($"[data-testid='order-row'][data-order-id='{orderId}']");
        await Assertions.Expect(row).ToBeVisibleAsync();
        await Assertions.Expect(row.GetByTestId("move-in_transit")).ToHaveCountAsync(0);
        await row.GetByTestId("move-paid").ClickAsync();
        await Assertions.Expect(row.GetByTestId("order-status")).ToHaveTextAsync("paid");
        await Assertions.Expect(customerTab.Page.GetByTestId("order-status")).ToHaveTextAsync("paid");
        await row.GetByTestId("move-processing").ClickAsync();
        await Assertions.Expect(customerTab.Page.GetByTestId("order-status")).ToHaveTextAsync("processing");
        await fixture.ScreenshotAsync(staffTab.Page, "orders");
        await fixture.ScreenshotAsync(customerTab.Page, "order");
        Assert.Empty(staffTab.Errors);
        Assert.Empty(customerTab.Errors);
    }
}
