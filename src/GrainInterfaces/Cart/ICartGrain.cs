using System.Collections.Immutable;
using OmniBiz.GrainInterfaces.Orders;

namespace OmniBiz.GrainInterfaces.Cart;

/// <summary>One user's cart, keyed by user id. Every change is pushed to the user as <c>cart_updated</c>.</summary>
[Alias("omnibiz.ICartGrain")]
public interface ICartGrain : IGrainWithStringKey
{
    /// <summary>The cart with names and prices read from the catalog now.</summary>
    [Alias("Get")]
    Task<CartView> GetAsync();

    /// <summary>Adds a quantity (1–999) of a product; refuses unknown products and more than is in stock.</summary>
    [Alias("AddItem")]
    Task<CartView> AddItemAsync(string productId, int quantity);

    /// <summary>Sets a line's quantity (0–999); 0 removes the line.</summary>
    [Alias("SetQuantity")]
    Task<CartView> SetQuantityAsync(string productId, int quantity);

    /// <summary>Removes one line; refuses a product that is not in the cart.</summary>
    [Alias("RemoveItem")]
    Task<CartView> RemoveItemAsync(string productId);

    /// <summary>Takes an order's quantities out of the cart once the order exists; once per order.</summary>
    [Alias("RemoveOrdered")]
    Task<CartView> RemoveOrderedAsync(string orderId, ImmutableArray<OrderItemRequest> items);

    /// <summary>Empties the cart.</summary>
    [Alias("Clear")]
    Task<CartView> ClearAsync();
}
