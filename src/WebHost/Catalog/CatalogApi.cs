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
            .WithName("ListProducts").WithSummary("Lists and searches products, newest first.");
        products.MapGet("/{id}", GetAsync).AllowAnonymous()
            .WithName("GetProduct").WithSummary("One product.");
        products.MapPost("/", CreateAsync).RequireAuthorization(Policies.Staff)
            .WithName("CreateProduct").WithSummary("Adds a product to the catalog (staff).");
        return app;
    }

    private static async Task<Ok<Page<Product>>> ListAsync(
        ProductQueries queries, CancellationToken cancellationToken,
        string? search = null, string? category = null, bool? inStock = null, int? limit = null, string? cursor = null) =>
        TypedResults.Ok(await queries.ListAsync(search, category, inStock, Paging.Limit(limit), cursor, cancellationToken));

    private static async Task<Results<Ok<Product>, NotFound>> GetAsync(string id, IGrainFactory grains)
    {
        var product = await grains.GetGrain<IProductGrain>(id).GetAsync();
        return product is null ? TypedResults.NotFound() : TypedResults.Ok(product);
    }

    private static async Task<Created<Product>> CreateAsync(CreateProductRequest request, IGrainFactory grains)
    {
        var id = Guid.NewGuid().ToString("N");
        var product = await grains.GetGrain<IProductGrain>(id).CreateAsync(new ProductDetails(
            request.Name, request.Description ?? "", request.Category ?? "", request.Price, request.Stock, request.ImageUrl));
        return TypedResults.Created($"/api/products/{id}", product);
    }
}
