using System.Net;
using Microsoft.AspNetCore.SignalR.Client;
using OmniBiz.WebHost.Tests.Common;

namespace OmniBiz.WebHost.Tests.Purchasing;

[Collection(NodeCollection.Name)]
public sealed class ReorderSuggestionTests(NodeFixture fixture)
{
    [Fact]
    public async Task A_checkout_below_the_reorder_point_prompts_purchasing_live_and_the_suggestion_drafts_a_po_from_the_cheapest_supplier()
    {
        using var admin = await fixture.AdminAsync();
        var (created, product, _) = await admin.PostAsync("/api/products", new { name = "Reorder lamp", price = 20m, stock = 10, reorderPoint = 5, reorderQuantity = 20 });
        Assert.True(created == HttpStatusCode.Created, product.ToString());
        var productId = product.GetProperty("id").GetString()!;
        Assert.Equal(5, product.GetProperty("reorderPoint").GetInt32());
        foreach (var (name, cost, lead) in new[] { ("Dear lamps", 3.00m, 4), ("Cheap lamps", 2.75m, 7) })
        {
            var (status, body, _) = await admin.PostAsync("/api/purchasing/suppliers", new { name, products = new[] { new { productId, unitCost = cost, leadTimeDays = lead } } });
            Assert.True(status == HttpStatusCode.Created, body.ToString());
        }

        await using var dashboard = await admin.ConnectAsync();
        await dashboard.InvokeAsync("JoinPurchasing");
        using var prompts = new EventRecorder(dashboard, "reorder_suggested");
        var (_, before, _) = await admin.GetAsync("/api/purchasing/suggestions");
        Assert.DoesNotContain(before.EnumerateArray(), s => s.GetProperty("productId").GetString() == productId);

        using var customer = await fixture.Client().RegisterAsync();
        var (ordered, order, _) = await customer.PostAsync("/api/orders", new { shippingAddress = "1 Main St", items = new[] { new { productId, quantity = 6 } } });
        Assert.True(ordered == HttpStatusCode.Created, order.ToString());

        var prompt = await prompts.NextMatchingAsync(p => p.GetProperty("productId").GetString() == productId);
        Assert.Equal(4, prompt.GetProperty("stock").GetInt32());
        Assert.Equal(5, prompt.GetProperty("reorderPoint").GetInt32());

        var (_, suggestions, _) = await admin.GetAsync("/api/purchasing/suggestions");
        var suggestion = Assert.Single(suggestions.EnumerateArray(), s => s.GetProperty("productId").GetString() == productId);
        Assert.Equal("Cheap lamps", suggestion.GetProperty("supplierName").GetString());
        Assert.Equal(2.75m, suggestion.GetProperty("unitCost").GetDecimal());
        Assert.Equal(20, suggestion.GetProperty("suggestedQuantity").GetInt32());

        var (drafted, po, _) = await admin.PostAsync($"/api/purchasing/suggestions/{productId}/order", new { });
        Assert.True(drafted == HttpStatusCode.Created, po.ToString());
        Assert.Equal("draft", po.GetProperty("status").GetString());
        Assert.Equal(suggestion.GetProperty("supplierId").GetString(), po.GetProperty("supplierId").GetString());
        Assert.Equal(20, po.GetProperty("lines")[0].GetProperty("quantity").GetInt32());
        Assert.Equal(55.00m, po.GetProperty("total").GetDecimal());

        // The draft counts as incoming: nothing more to suggest, and ordering again is refused.
        var (_, after, _) = await admin.GetAsync("/api/purchasing/suggestions");
        Assert.DoesNotContain(after.EnumerateArray(), s => s.GetProperty("productId").GetString() == productId);
        var (again, problem, _) = await admin.PostAsync($"/api/purchasing/suggestions/{productId}/order", new { });
        Assert.Equal(HttpStatusCode.Conflict, again);
        Assert.Contains("Nothing to reorder", problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/api/purchasing/suggestions/no-such-product/order", new { })).Status);
    }
}
