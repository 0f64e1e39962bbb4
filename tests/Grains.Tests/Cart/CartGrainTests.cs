using OmniBiz.GrainInterfaces.Cart;
using OmniBiz.GrainInterfaces.Catalog;
using OmniBiz.GrainInterfaces.Common;

namespace OmniBiz.Grains.Tests.Cart;

[Collection(ClusterCollection.Name)]
public sealed class CartGrainTests(ClusterFixture fixture)
{
    private async Task<Product> NewProductAsync(int stock, decimal price = 12.50m) =>
        await fixture.Grains.GetGrain<IProductGrain>(Guid.NewGuid().ToString("N"))
            .CreateAsync(new ProductDetails("Lamp", "A desk lamp", "home", price, null), stock, "test");

    private ICartGrain NewCart() => fixture.Grains.GetGrain<ICartGrain>(Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Lines_are_priced_from_the_catalog_and_every_change_bumps_the_version()
    {
        var lamp = await NewProductAsync(stock: 10, price: 12.50m);
        var chair = await NewProductAsync(stock: 10, price: 40m);
        var cart = NewCart();

        await cart.AddItemAsync(lamp.Id, 2);
        await cart.AddItemAsync(lamp.Id, 1);
        var view = await cart.AddItemAsync(chair.Id, 1);

        Assert.Equal(3, view.Version);
        Assert.Equal(4, view.Count);
        Assert.Equal(77.50m, view.Total);
        var lampLine = Assert.Single(view.Items, l => l.ProductId == lamp.Id);
        Assert.Equal(("Lamp", 12.50m, 3, 37.50m), (lampLine.Name, lampLine.UnitPrice, lampLine.Quantity, lampLine.LineTotal));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1000)]
    public async Task Adding_a_quantity_outside_1_to_999_is_invalid(int quantity)
    {
        var lamp = await NewProductAsync(stock: 5000);
        var error = await Assert.ThrowsAsync<DomainException>(() => NewCart().AddItemAsync(lamp.Id, quantity));
        Assert.Equal((DomainErrorKind.Invalid, "quantity"), (error.Kind, error.Field));
    }

    [Fact]
    public async Task Setting_a_negative_or_too_large_quantity_is_invalid_and_zero_removes_the_line()
    {
        var lamp = await NewProductAsync(stock: 5000);
        var cart = NewCart();
        await cart.AddItemAsync(lamp.Id, 3);

        Assert.Equal(DomainErrorKind.Invalid, (await Assert.ThrowsAsync<DomainException>(() => cart.SetQuantityAsync(lamp.Id, -1))).Kind);
        Assert.Equal(DomainErrorKind.Invalid, (await Assert.ThrowsAsync<DomainException>(() => cart.SetQuantityAsync(lamp.Id, 1000))).Kind);
        Assert.Equal(999, (await cart.SetQuantityAsync(lamp.Id, 999)).Count);
        var emptied = await cart.SetQuantityAsync(lamp.Id, 0);
        Assert.Empty(emptied.Items);
        Assert.Equal(0, emptied.Total);
    }

    [Fact]
    public async Task A_cart_holds_at_most_a_hundred_different_products()
    {
        var cart = NewCart();
        for (var i = 0; i < 100; i++)
        {
            await cart.AddItemAsync((await NewProductAsync(stock: 1)).Id, 1);
        }

        var extra = await NewProductAsync(stock: 1);
        Assert.Equal(DomainErrorKind.Conflict, (await Assert.ThrowsAsync<DomainException>(() => cart.AddItemAsync(extra.Id, 1))).Kind);
        Assert.Equal(DomainErrorKind.Conflict, (await Assert.ThrowsAsync<DomainException>(() => cart.SetQuantityAsync(extra.Id, 1))).Kind);
        Assert.Equal(100, (await cart.GetAsync()).Items.Length);
    }

    [Fact]
    public async Task An_unknown_product_is_not_found()
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => NewCart().AddItemAsync("no-such-product", 1));
        Assert.Equal(DomainErrorKind.NotFound, error.Kind);
    }

    [Fact]
    public async Task More_than_the_stock_is_a_conflict_and_leaves_the_cart_unchanged()
    {
        var lamp = await NewProductAsync(stock: 2);
        var sold = await NewProductAsync(stock: 0);
        var cart = NewCart();
        await cart.AddItemAsync(lamp.Id, 2);

        var tooMany = await Assert.ThrowsAsync<DomainException>(() => cart.AddItemAsync(lamp.Id, 1));
        Assert.Equal(DomainErrorKind.Conflict, tooMany.Kind);
        Assert.Contains("Only 2", tooMany.Message, StringComparison.Ordinal);
        var soldOut = await Assert.ThrowsAsync<DomainException>(() => cart.AddItemAsync(sold.Id, 1));
        Assert.Contains("out of stock", soldOut.Message, StringComparison.Ordinal);

        var view = await cart.GetAsync();
        Assert.Equal((2, 1), (view.Count, view.Version));
    }

    [Fact]
    public async Task The_cart_is_read_back_from_storage_by_a_new_activation()
    {
        var lamp = await NewProductAsync(stock: 10);
        var cart = NewCart();
        await cart.AddItemAsync(lamp.Id, 4);

        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        var view = await cart.GetAsync();
        Assert.Equal((4, 1), (view.Count, view.Version));
    }

    [Fact]
    public async Task Removing_a_line_that_is_not_there_is_not_found_and_clear_empties()
    {
        var lamp = await NewProductAsync(stock: 10);
        var cart = NewCart();
        Assert.Equal(DomainErrorKind.NotFound, (await Assert.ThrowsAsync<DomainException>(() => cart.RemoveItemAsync(lamp.Id))).Kind);
        await cart.AddItemAsync(lamp.Id, 1);
        Assert.Empty((await cart.ClearAsync()).Items);
    }
}
