using Microsoft.Playwright;

namespace OmniBiz.Dashboard.Tests;

[Collection(BrowserCollection.Name)]
public sealed class BackOfficeTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Purchasing_shows_supplier_cards_with_call_and_mail_links_and_receiving_goods_updates_the_order_live()
    {
        var (staffEmail, staff) = await People.StaffAsync(fixture);
        var productId = await staff.CreateProductAsync(stock: 1, price: 9m, name: "Paper");
        var supplierName = $"Acme {Guid.NewGuid():N}"[..13];
        var (created, supplier, _) = await staff.PostAsync("/api/purchasing/suppliers", new
        {
            name = supplierName,
            contacts = new[] { new { name = "Sam Seller", email = "sam@acme.test", phone = "+1 555 0100", role = "sales" } },
        });
        Assert.True((int)created < 300, supplier.ToString());
        var (poCreated, po, _) = await staff.PostAsync("/api/purchasing/orders", new
        {
            supplierId = People.Id(supplier),
            lines = new[] { new { productId, quantity = 5, unitCost = 4m } },
        });
        Assert.True((int)poCreated < 300, po.ToString());

        await using var tab = await fixture.OpenAsync();
        await tab.SignInAsync(staffEmail, People.Password);
        await tab.Page.GotoAsync("/purchasing");
        var row = tab.Page.GetByTestId("po-row").Filter(new() { HasText = po.GetProperty("number").GetString()! });
        await Assertions.Expect(row.GetByTestId("po-status")).ToHaveTextAsync("draft");

        // Changes made elsewhere (here over REST) arrive over the hub.
        foreach (var status in new[] { "sent", "confirmed" })
        {
            var (moved, body, _) = await staff.PostAsync($"/api/purchasing/orders/{People.Id(po)}/status", new { status });
            Assert.True((int)moved < 300, body.ToString());
        }

        await Assertions.Expect(row.GetByTestId("po-status")).ToHaveTextAsync("confirmed");
        await row.GetByRole(AriaRole.Button, new() { Name = "Receive remaining goods" }).ClickAsync();
        await Assertions.Expect(row.GetByTestId("po-status")).ToHaveTextAsync("received");
        await fixture.ScreenshotAsync(tab.Page, "purchasing");

        await tab.Page.GetByRole(AriaRole.Tab, new() { Name = "Suppliers" }).ClickAsync();
        var card = tab.Page.GetByTestId("supplier").Filter(new() { HasText = supplierName });
        await Assertions.Expect(card.GetByRole(AriaRole.Link, new() { Name = "Call Sam Seller" })).ToHaveAttributeAsync("href", "tel:+15550100");
        await Assertions.Expect(card.GetByRole(AriaRole.Link, new() { Name = "E-mail Sam Seller" })).ToHaveAttributeAsync("href", "mailto:sam@acme.test");
        await fixture.ScreenshotAsync(tab.Page, "suppliers");
        await tab.Page.GetByRole(AriaRole.Tab, new() { Name = "Activity & payments" }).ClickAsync();
        await Assertions.Expect(tab.Page.GetByTestId("activity").Locator("li").First).ToBeVisibleAsync();
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task A_customer_opens_a_ticket_and_sees_staff_change_its_status_live()
    {
        var (customerEmail, _) = await People.CustomerAsync(fixture);
        var (staffEmail, staff) = await People.StaffAsync(fixture);

        await using var customerTab = await fixture.OpenAsync();
        await customerTab.SignInAsync(customerEmail, People.Password);
        await customerTab.Page.GotoAsync("/support");
        await customerTab.Page.GetByLabel("Subject").FillAsync("Parcel is late");
        await customerTab.Page.GetByLabel("How can we help?").FillAsync("Order placed last week has not arrived.");
        await customerTab.Page.GetByRole(AriaRole.Button, new() { Name = "Open ticket" }).ClickAsync();
        await Assertions.Expect(customerTab.Page.GetByTestId("ticket-status")).ToHaveTextAsync("open");
        await Assertions.Expect(customerTab.Page.GetByTestId("message")).ToHaveCountAsync(1);
        var ticketId = customerTab.Page.Url.Split('/').Last();

        var (changed, body, _) = await staff.SendAsync(HttpMethod.Patch, $"/api/support/tickets/{ticketId}", new { status = "pending" });
        Assert.True((int)changed < 300, body.ToString());
        await Assertions.Expect(customerTab.Page.GetByTestId("ticket-status")).ToHaveTextAsync("pending");
        await fixture.ScreenshotAsync(customerTab.Page, "support");

        await using var staffTab = await fixture.OpenAsync();
        await staffTab.SignInAsync(staffEmail, People.Password);
        await staffTab.Page.GotoAsync($"/support/{ticketId}");
        await Assertions.Expect(staffTab.Page.GetByTestId("message").Filter(new() { HasText = "has not arrived" })).ToBeVisibleAsync();
        Assert.Empty(customerTab.Errors);
        Assert.Empty(staffTab.Errors);
    }
}
