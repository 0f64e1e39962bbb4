using System.Net;
using OmniBiz.WebHost.Tests.Common;

namespace OmniBiz.WebHost.Tests.Cart;

[Collection(NodeCollection.Name)]
public sealed class CartApiTests(NodeFixture fixture)
{
    [Fact]
    public async Task Two_tabs_of_one_user_each_get_cart_updated_and_another_user_gets_none()
    {
        using var admin = await fixture.AdminAsync();
        var productId = await admin.CreateProductAsync(stock: 10, price: 4.25m);
        using var alice = await fixture.Client().RegisterAsync();
        using var bob = await fixture.Client().RegisterAsync();
        await using var tab1 = await alice.ConnectAsync();
        await using var tab2 = await alice.ConnectAsync();
        await using var bobTab = await bob.ConnectAsync();
        using var seen1 = new EventRecorder(tab1, "cart_updated");
        using var seen2 = new EventRecorder(tab2, "cart_updated");
        using var bobSeen = new EventRecorder(bobTab, "cart_updated");

        var (status, _, _) = await alice.PostAsync("/api/cart/items", new { productId, quantity = 2 });
        Assert.Equal(HttpStatusCode.OK, status);

        foreach (var seen in new[] { seen1, seen2 })
        {
            var (cart, _) = await seen.NextAsync();
            Assert.Equal(2, cart.GetProperty("count").GetInt32());
            Assert.Equal(8.50m, cart.GetProperty("total").GetDecimal());
            Assert.Equal(1, cart.GetProperty("version").GetInt32());
            Assert.Equal(productId, cart.GetProperty("items")[0].GetProperty("productId").GetString());
        }

        // A group send writes to every connection of the group in one operation, and each connection receives frames in
        // the order they were written: had Bob's connection been in Alice's group, Alice's event would reach him before
        // his own later one.
        await bob.PostAsync("/api/cart/items", new { productId, quantity = 1 });
        var (bobCart, _) = await bobSeen.NextAsync();
        Assert.Equal(1, bobCart.GetProperty("count").GetInt32());
        Assert.Equal(1, bobSeen.Count);
        Assert.Equal(1, seen1.Count);
    }

    [Fact]
    public async Task Rest_cart_lifecycle_add_update_remove_clear()
    {
        using var admin = await fixture.AdminAsync();
        var lamp = await admin.CreateProductAsync(stock: 5, price: 10m);
        var desk = await admin.CreateProductAsync(stock: 5, price: 99.99m);
        using var user = await fixture.Client().RegisterAsync();

        await user.PostAsync("/api/cart/items", new { productId = lamp, quantity = 1 });
        await user.PostAsync("/api/cart/items", new { productId = desk, quantity = 1 });
        var (_, updated, _) = await user.PutAsync($"/api/cart/items/{lamp}", new { quantity = 3 });
        Assert.Equal(129.99m, updated.GetProperty("total").GetDecimal());

        var (removeStatus, removed, _) = await user.DeleteAsync($"/api/cart/items/{desk}");
        Assert.Equal(HttpStatusCode.OK, removeStatus);
        Assert.Equal(3, removed.GetProperty("count").GetInt32());

        var (_, cleared, _) = await user.DeleteAsync("/api/cart");
        Assert.Equal(0, cleared.GetProperty("count").GetInt32());
        var (_, fetched, _) = await user.GetAsync("/api/cart");
        Assert.Equal(0, fetched.GetProperty("items").GetArrayLength());
        Assert.Equal(5, fetched.GetProperty("version").GetInt32());
    }

    [Theory]
    [InlineData(0, HttpStatusCode.BadRequest)]
    [InlineData(-3, HttpStatusCode.BadRequest)]
    [InlineData(1000, HttpStatusCode.BadRequest)]
    [InlineData(6, HttpStatusCode.Conflict)]
    [InlineData(5, HttpStatusCode.OK)]
    public async Task Adding_checks_quantity_and_stock(int quantity, HttpStatusCode expected)
    {
        using var admin = await fixture.AdminAsync();
        var productId = await admin.CreateProductAsync(stock: 5);
        using var user = await fixture.Client().RegisterAsync();

        var (status, body, contentType) = await user.PostAsync("/api/cart/items", new { productId, quantity });
        Assert.Equal(expected, status);
        if (expected == HttpStatusCode.BadRequest)
        {
            Assert.Equal("application/problem+json", contentType);
            Assert.True(body.GetProperty("errors").TryGetProperty("quantity", out _));
        }
    }

    [Fact]
    public async Task Setting_quantities_validates_and_zero_removes()
    {
        using var admin = await fixture.AdminAsync();
        var productId = await admin.CreateProductAsync(stock: 2000);
        using var user = await fixture.Client().RegisterAsync();
        await user.PostAsync("/api/cart/items", new { productId, quantity = 1 });

        Assert.Equal(HttpStatusCode.BadRequest, (await user.PutAsync($"/api/cart/items/{productId}", new { quantity = -1 })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await user.PutAsync($"/api/cart/items/{productId}", new { quantity = 1000 })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await user.PutAsync($"/api/cart/items/{productId}", new { })).Status);
        var (status, body, _) = await user.PutAsync($"/api/cart/items/{productId}", new { quantity = 0 });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(0, body.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Unknown_products_are_404_and_anonymous_callers_401()
    {
        using var user = await fixture.Client().RegisterAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await user.PostAsync("/api/cart/items", new { productId = "no-such-product", quantity = 1 })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await user.DeleteAsync("/api/cart/items/no-such-product")).Status);
        using var anonymous = fixture.Client();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/cart")).Status);
    }

    [Fact]
    public async Task Products_are_listed_newest_first_with_cursor_paging_and_filters()
    {
        using var admin = await fixture.AdminAsync();
        var category = $"cat-{Guid.NewGuid():N}";
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var (_, created, _) = await admin.PostAsync("/api/products", new { name = $"Paged {i}", price = 1, stock = i, category });
            ids.Add(created.GetProperty("id").GetString()!);
        }

        using var anonymous = fixture.Client();
        var (_, first, _) = await anonymous.GetAsync($"/api/products?category={category}&limit=2");
        Assert.Equal([ids[2], ids[1]], first.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetString()));
        var cursor = first.GetProperty("nextCursor").GetString();
        var (_, second, _) = await anonymous.GetAsync($"/api/products?category={category}&limit=2&cursor={cursor}");
        Assert.Equal([ids[0]], second.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetString()));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, second.GetProperty("nextCursor").ValueKind);

        var (_, inStock, _) = await anonymous.GetAsync($"/api/products?category={category}&inStock=true");
        Assert.Equal(2, inStock.GetProperty("items").GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, (await anonymous.GetAsync("/api/products?limit=500")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await anonymous.GetAsync("/api/products?cursor=garbage!")).Status);
    }
}
