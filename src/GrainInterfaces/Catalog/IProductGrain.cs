namespace OmniBiz.GrainInterfaces.Catalog;

/// <summary>One product, keyed by product id. Owns price and stock.</summary>
[Alias("omnibiz.IProductGrain")]
public interface IProductGrain : IGrainWithStringKey
{
    /// <summary>Creates the product; refuses invalid details or an id already in use.</summary>
    [Alias("Create")]
    Task<Product> CreateAsync(ProductDetails details);

    /// <summary>The product, or null when none exists under this id.</summary>
    [Alias("Get")]
    Task<Product?> GetAsync();
}
