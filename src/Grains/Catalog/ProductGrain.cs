using OmniBiz.GrainInterfaces.Catalog;
using OmniBiz.GrainInterfaces.Common;
using OmniBiz.Grains.Storage;

namespace OmniBiz.Grains.Catalog;

public sealed class ProductGrain(
    [PersistentState(StorageNames.Product, StorageNames.Main)] IPersistentState<ProductState> state,
    ProductReadModel readModel,
    TimeProvider clock) : Grain, IProductGrain
{
    public async Task<Product> CreateAsync(ProductDetails details)
    {
        if (state.RecordExists)
        {
            throw DomainException.Conflict("A product already exists under this id.");
        }

        var valid = ProductRules.Validate(details);
        state.State = new ProductState
        {
            Name = valid.Name,
            Description = valid.Description,
            Category = valid.Category,
            Price = valid.Price,
            Stock = valid.Stock,
            ImageUrl = valid.ImageUrl,
            CreatedAt = clock.GetUtcNow(),
            Version = 1,
        };
        await state.WriteStateAsync();
        var product = ToProduct();
        await readModel.UpsertAsync(product);
        return product;
    }

    public Task<Product?> GetAsync() => Task.FromResult(state.RecordExists ? ToProduct() : null);

    private Product ToProduct() => new(
        this.GetPrimaryKeyString(),
        state.State.Name,
        state.State.Description,
        state.State.Category,
        state.State.Price,
        state.State.Stock,
        state.State.ImageUrl,
        state.State.CreatedAt,
        state.State.Version);
}
