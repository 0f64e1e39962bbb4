using System.Collections.Immutable;
using OmniBiz.GrainInterfaces.Cart;
using OmniBiz.GrainInterfaces.Catalog;
using OmniBiz.GrainInterfaces.Common;
using OmniBiz.GrainInterfaces.Orders;
using OmniBiz.GrainInterfaces.Realtime;
using OmniBiz.Grains.Realtime;
using OmniBiz.Grains.Storage;

namespace OmniBiz.Grains.Cart;

public sealed class CartGrain(
    [PersistentState(StorageNames.Cart, StorageNames.Main)] IPersistentState<CartState> state)
    : Grain, ICartGrain
{
    public const int MaxLineQuantity = 999;
    public const int MaxLines = 100;

    public async Task<CartView> GetAsync()
    {
        var products = await LoadProductsAsync(state.State.Items.Select(i => i.ProductId));
        return BuildView(products);
    }

    public async Task<CartView> AddItemAsync(string productId, int quantity)
    {
        if (quantity < 1 || quantity > MaxLineQuantity)
        {
            throw DomainException.Invalid("quantity", $"Quantity must be between 1 and {MaxLineQuantity}.");
        }

        var product = await GetProductAsync(productId);
        var line = state.State.Items.Find(i => i.ProductId == product.Id);
        var newQuantity = (line?.Quantity ?? 0) + quantity;
        if (newQuantity > MaxLineQuantity)
        {
            throw DomainException.Invalid("quantity", $"A cart line holds at most {MaxLineQuantity}; this one already has {line?.Quantity ?? 0}.");
        }

        EnsureInStock(product, newQuantity);
        PutLine(product.Id, newQuantity);
        return await SaveAndPublishAsync();
    }

    public async Task<CartView> SetQuantityAsync(string productId, int quantity)
    {
        if (quantity < 0 || quantity > MaxLineQuantity)
        {
            throw DomainException.Invalid("quantity", $"Quantity must be between 0 and {MaxLineQuantity}; 0 removes the line.");
        }

        if (quantity == 0)
        {
            return await RemoveItemAsync(productId);
        }

        var product = await GetProductAsync(productId);
        EnsureInStock(product, quantity);
        PutLine(product.Id, quantity);
        return await SaveAndPublishAsync();
    }

    public async Task<CartView> RemoveItemAsync(string productId)
    {
        if (state.State.Items.RemoveAll(i => i.ProductId == productId) == 0)
        {
            throw DomainException.NotFound($"Product '{productId}' is not in the cart.");
        }

        return await SaveAndPublishAsync();
    }

    public async Task<CartView> RemoveOrderedAsync(string orderId, ImmutableArray<OrderItemRequest> items)
    {
        if (state.State.OrdersRemoved.Contains(orderId))
        {
            return await GetAsync();
        }

        foreach (var item in items)
        {
            if (state.State.Items.Find(i => i.ProductId == item.ProductId) is { } line)
            {
                line.Quantity -= item.Quantity;
            }
        }

        state.State.Items.RemoveAll(i => i.Quantity <= 0);
        state.State.OrdersRemoved.Add(orderId);
        if (state.State.OrdersRemoved.Count > 50)
        {
            state.State.OrdersRemoved.RemoveAt(0);
        }

        return await SaveAndPublishAsync();
    }

    public async Task<CartView> ClearAsync()
    {
        state.State.Items.Clear();
        return await SaveAndPublishAsync();
    }

    /// <summary>Sets a line's quantity, adding the line if the cart has room for another product.</summary>
    private void PutLine(string productId, int quantity)
    {
        if (state.State.Items.Find(i => i.ProductId == productId) is { } line)
        {
            line.Quantity = quantity;
            return;
        }

        if (state.State.Items.Count >= MaxLines)
        {
            throw DomainException.Conflict($"A cart holds at most {MaxLines} different products.");
        }

        state.State.Items.Add(new CartItemState { ProductId = productId, Quantity = quantity });
    }

    private async Task<CartView> SaveAndPublishAsync()
    {
        state.State.Version++;
        await state.WriteStateAsync();
        var view = await GetAsync();
        await GrainFactory.PublishAsync(Topics.User(this.GetPrimaryKeyString()), EventNames.CartUpdated, view);
        return view;
    }

    private async Task<Product> GetProductAsync(string productId)
    {
        if (string.IsNullOrWhiteSpace(productId))
        {
            throw DomainException.Invalid("productId", "Name a product.");
        }

        return await GrainFactory.GetGrain<IProductGrain>(productId).GetAsync()
            ?? throw DomainException.NotFound($"No product with id '{productId}'.");
    }

    private static void EnsureInStock(Product product, int quantity)
    {
        if (quantity > product.Stock)
        {
            throw DomainException.Conflict(product.Stock == 0
                ? $"'{product.Name}' is out of stock."
                : $"Only {product.Stock} of '{product.Name}' in stock; the cart would hold {quantity}.");
        }
    }

    private async Task<Dictionary<string, Product>> LoadProductsAsync(IEnumerable<string> productIds)
    {
        var lookups = productIds.Select(id => GrainFactory.GetGrain<IProductGrain>(id).GetAsync()).ToList();
        var products = await Task.WhenAll(lookups);
        return products.Where(p => p is not null).ToDictionary(p => p!.Id, p => p!);
    }

    private CartView BuildView(Dictionary<string, Product> products)
    {
        var lines = state.State.Items
            .Where(i => products.ContainsKey(i.ProductId))
            .Select(i =>
            {
                var product = products[i.ProductId];
                return new CartLine(product.Id, product.Name, product.Price, i.Quantity, product.Price * i.Quantity);
            })
            .ToImmutableArray();
        return new CartView(lines, lines.Sum(l => l.Quantity), lines.Sum(l => l.LineTotal), state.State.Version);
    }
}
