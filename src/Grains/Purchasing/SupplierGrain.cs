using OmniBiz.GrainInterfaces.Catalog;
using OmniBiz.GrainInterfaces.Common;
using OmniBiz.GrainInterfaces.Purchasing;
using OmniBiz.Grains.Projections;
using OmniBiz.Grains.Storage;

namespace OmniBiz.Grains.Purchasing;

/// <summary>One supplier. Supplied products must exist in the catalog; their names are kept for search.</summary>
public sealed class SupplierGrain(
    [PersistentState(StorageNames.Supplier, StorageNames.Main)] IPersistentState<SupplierState> state,
    SupplierReadModel readModel,
    Projector projector,
    TimeProvider clock) : Grain, ISupplierGrain
{
    private Projection? _projection;

    private Projection Projection => _projection ??= projector.For(this, "suppliers", () => readModel.SaveAsync(ToSupplier()));

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.RecordExists)
        {
            await Projection.ProjectAsync();
        }
    }

    public async Task<Supplier> CreateAsync(SupplierDetails details, string actorId)
    {
        if (state.RecordExists)
        {
            return state.State.CreatedBy == actorId ? ToSupplier() : throw DomainException.Conflict("A supplier already exists under this id.");
        }

        var valid = await ValidateAsync(details);
        var now = clock.GetUtcNow();
        state.State = new SupplierState { CreatedAt = now, CreatedBy = actorId };
        return await SaveAsync(valid, now);
    }

    public async Task<Supplier> UpdateAsync(SupplierDetails details, string actorId)
    {
        EnsureExists();
        return await SaveAsync(await ValidateAsync(details), clock.GetUtcNow());
    }

    public Task<Supplier?> GetAsync() => Task.FromResult(state.RecordExists ? ToSupplier() : null);

    private async Task<SupplierDetails> ValidateAsync(SupplierDetails details)
    {
        var valid = SupplierRules.Validate(details);
        var products = await Task.WhenAll(valid.Products.Select(async p =>
        {
            var product = await GrainFactory.GetGrain<IProductGrain>(p.ProductId).GetAsync()
                ?? throw DomainException.NotFound($"No product with id '{p.ProductId}'.");
            return p with { ProductName = product.Name };
        }));
        return valid with { Products = [.. products] };
    }

    private async Task<Supplier> SaveAsync(SupplierDetails valid, DateTimeOffset now)
    {
        state.State.Name = valid.Name;
        state.State.Address = valid.Address;
        state.State.Notes = valid.Notes;
        state.State.PaymentTermsDays = valid.PaymentTermsDays;
        state.State.Active = valid.Active;
        state.State.Contacts = [.. valid.Contacts];
        state.State.Products = [.. valid.Products];
        state.State.UpdatedAt = now;
        state.State.Version++;
        await state.WriteStateAsync();
        await Projection.ProjectAsync();
        return ToSupplier();
    }

    private void EnsureExists()
    {
        if (!state.RecordExists)
        {
            throw DomainException.NotFound($"No supplier with id '{this.GetPrimaryKeyString()}'.");
        }
    }

    private Supplier ToSupplier() => new(
        this.GetPrimaryKeyString(),
        state.State.Name,
        state.State.Address,
        state.State.Notes,
        state.State.PaymentTermsDays,
        state.State.Active,
        [.. state.State.Contacts],
        [.. state.State.Products],
        state.State.CreatedAt,
        state.State.UpdatedAt,
        state.State.Version);
}
