using Microsoft.AspNetCore.Http.HttpResults;
using OmniBiz.GrainInterfaces.Cart;
using OmniBiz.GrainInterfaces.Common;
using OmniBiz.WebHost.Auth;

namespace OmniBiz.WebHost.Cart;

/// <summary>The caller's cart. Quantity and stock rules live in the cart grain.</summary>
public static class CartApi
{
    public static IEndpointRouteBuilder MapCartApi(this IEndpointRouteBuilder app)
    {
        var cart = app.MapGroup("/api/cart").WithTags("Cart").RequireAuthorization();
        cart.MapGet("/", GetAsync).WithName("GetCart").WithSummary("The caller's cart, priced from the catalog.");
        cart.MapPost("/items", AddAsync).WithName("AddCartItem").WithSummary("Adds a quantity of a product (409 when out of stock).");
        cart.MapPut("/items/{productId}", SetAsync).WithName("SetCartItemQuantity").WithSummary("Sets a line's quantity; 0 removes it.");
        cart.MapDelete("/items/{productId}", RemoveAsync).WithName("RemoveCartItem").WithSummary("Removes one line.");
        cart.MapDelete("/", ClearAsync).WithName("ClearCart").WithSummary("Empties the cart.");
        return app;
    }

    private static ICartGrain CartOf(HttpContext http, IGrainFactory grains) => grains.GetGrain<ICartGrain>(http.User.UserIdOf());

    private static async Task<Ok<CartView>> GetAsync(HttpContext http, IGrainFactory grains) =>
        TypedResults.Ok(await CartOf(http, grains).GetAsync());

    private static async Task<Ok<CartView>> AddAsync(AddCartItemRequest request, HttpContext http, IGrainFactory grains) =>
        TypedResults.Ok(await CartOf(http, grains).AddItemAsync(request.ProductId, request.Quantity));

    private static async Task<Ok<CartView>> SetAsync(string productId, SetCartQuantityRequest request, HttpContext http, IGrainFactory grains) =>
        TypedResults.Ok(await CartOf(http, grains).SetQuantityAsync(
            productId, request.Quantity ?? throw DomainException.Invalid("quantity", "Give a quantity (0 removes the line).")));

    private static async Task<Ok<CartView>> RemoveAsync(string productId, HttpContext http, IGrainFactory grains) =>
        TypedResults.Ok(await CartOf(http, grains).RemoveItemAsync(productId));

    private static async Task<Ok<CartView>> ClearAsync(HttpContext http, IGrainFactory grains) =>
        TypedResults.Ok(await CartOf(http, grains).ClearAsync());
}
