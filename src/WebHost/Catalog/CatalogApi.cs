using Microsoft.AspNetCore.Http.HttpResults;
using OmniBiz.GrainInterfaces.Catalog;
using OmniBiz.WebHost.Auth;
using OmniBiz.WebHost.Common;

namespace OmniBiz.WebHost.Catalog;

public static class CatalogApi
{
    public static IEndpointRouteBuilder MapCatalogApi(this IEndpointRouteBuilder app)
    {
        var products = app.MapGroup("/api/products").WithTags("Catalog");
        products.MapGet("/", ListAsync).AllowAnonymous()
            .WithName("ListProducts").WithSummary("Lists and searches products, newest first. Anyone may browse; staff also see inactive products.");
        products.MapGet("/{id}", GetAsync).AllowAnonymous()
            .WithName("GetProduct").WithSummary("One product.");
        products.MapPost("/", CreateAsync).RequireAuthorization(Policies.Staff)
            .WithName("CreateProduct").WithSummary("Adds a product to the catalog with its opening stock (staff).");
        products.MapPut("/{id}", UpdateAsync).RequireAuthorization(Policies.Staff)
            .WithName("UpdateProduct").WithSummary("Changes a product's details, price or active flag (staff).");
        products.MapPost("/{id}/stock", AdjustStockAsync).RequireAuthorization(Policies.Staff)
            .WithName("AdjustStock").WithSummary("Adds or removes stock with a reason; kept in the stock history (staff).");
        products.MapGet("/{id}/stock", StockHistoryAsync).RequireAuthorization(Policies.Staff)
            .WithName("GetStockHistory").WithSummary("The product's stock movements, newest first (staff).");
        return app;
    }

    private static async Task<Ok<Page<Product>>> ListAsync(
        HttpContext http, ProductQueries queries, CancellationToken cancellationToken,
        string? search = null, string? category = null, bool? inStock = null, int? limit = null, string? cursor = null) =>
        TypedResults.Ok(await queries.ListAsync(
            new ProductFilter(search, category, inStock, http.User.IsStaff()), Paging.Limit(limit), cursor, cancellationToken));

    private static async Task<Results<Ok<Product>, NotFound>> GetAsync(string id, HttpContext http, IGrainFactory grains)
    {
        var product = await grains.GetGrain<IProductGrain>(id).GetAsync();
        return product is null || (!product.Active && !http.User.IsStaff()) ? TypedResults.NotFound() : TypedResults.Ok(product);
    }

    private static async Task<Created<Product>> CreateAsync(CreateProductRequest request, HttpContext http, IGrainFactory grains)
    {
        var id = Guid.NewGuid().ToString("N");
        var product = await grains.GetGrain<IProductGrain>(id).CreateAsync(
            new ProductDetails(request.Name, request.Description ?? "", request.Category ?? "", request.Price, request.ImageUrl, request.Active ?? true, request.ReorderPoint, request.ReorderQuantity),
            request.Stock,
            http.User.UserIdOf());
        return TypedResults.Created($"/api/products/{id}", product);
    }

    private static async Task<Ok<Product>> UpdateAsync(string id, UpdateProductRequest request, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IProductGrain>(id).UpdateAsync(
            new ProductDetails(request.Name, request.Description ?? "", request.Category ?? "", request.Price, request.ImageUrl, request.Active ?? true, request.ReorderPoint, request.ReorderQuantity)));

    private static async Task<Ok<Product>> AdjustStockAsync(string id, AdjustStockRequest request, HttpContext http, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IProductGrain>(id).AdjustStockAsync(new StockAdjustment(request.Delta, request.Reason, http.User.UserIdOf())));

    private static async Task<Ok<IReadOnlyList<StockMovementView>>> StockHistoryAsync(string id, ProductQueries queries, CancellationToken cancellationToken, int? limit = null) =>
        TypedResults.Ok(await queries.StockHistoryAsync(id, Paging.Limit(limit), cancellationToken));
}
