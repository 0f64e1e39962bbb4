using System.Collections.Immutable;
using OmniBiz.GrainInterfaces.Catalog;
using OmniBiz.GrainInterfaces.Common;
using OmniBiz.GrainInterfaces.Realtime;
using OmniBiz.Grains.Projections;
using OmniBiz.Grains.Realtime;
using OmniBiz.Grains.Storage;

namespace OmniBiz.Grains.Catalog;

public sealed class ProductGrain(
    [PersistentState(StorageNames.Product, StorageNames.Main)] IPersistentState<ProductState> state,
    ProductReadModel readModel,
    Projector projector,
    TimeProvider clock) : Grain, IProductGrain
{
    private const int RestockMemory = 1000;

    // Stock movements made by this activation that the history table does not have yet (kept until a write lands).
    private readonly List<StockMovement> _unwrittenMovements = [];
    private Projection? _projection;

    private Projection Projection => _projection ??= projector.For(this, "products", WriteReadModelAsync);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.RecordExists)
        {
            await Projection.ProjectAsync();
        }
    }

    public async Task<Product> CreateAsync(ProductDetails details, int initialStock, string actorId)
    {
        if (state.RecordExists)
        {
            throw DomainException.Conflict("A product already exists under this id.");
        }

        var valid = ProductRules.Validate(details);
        ProductRules.ValidateStock(initialStock);
        state.State = new ProductState
        {
            Name = valid.Name,
            Description = valid.Description,
            Category = valid.Category,
            Price = valid.Price,
            ImageUrl = valid.ImageUrl,
            Active = valid.Active,
            ReorderPoint = valid.ReorderPoint,
            ReorderQuantity = valid.ReorderQuantity,
            Stock = initialStock,
            CreatedAt = clock.GetUtcNow(),
        };
        return await SaveAsync(initialStock == 0 ? null : new StockMovement(initialStock, "opening stock", actorId, null));
    }

    public async Task<Product> UpdateAsync(ProductDetails details)
    {
        EnsureExists();
        var valid = ProductRules.Validate(details);
        state.State.Name = valid.Name;
        state.State.Description = valid.Description;
        state.State.Category = valid.Category;
        state.State.Price = valid.Price;
        state.State.ImageUrl = valid.ImageUrl;
        state.State.Active = valid.Active;
        state.State.ReorderPoint = valid.ReorderPoint;
        state.State.ReorderQuantity = valid.ReorderQuantity;
        return await SaveAsync(null);
    }

    public Task<Product?> GetAsync() => Task.FromResult(state.RecordExists ? ToProduct() : null);

    public async Task<Product> AdjustStockAsync(StockAdjustment adjustment)
    {
        EnsureExists();
        var reason = ProductRules.ValidateReason(adjustment.Reason);
        if (adjustment.Delta == 0)
        {
            throw DomainException.Invalid("delta", "A stock change must add or remove at least one unit.");
        }

        var stock = (long)state.State.Stock + adjustment.Delta;
        if (stock < 0)
        {
            throw DomainException.Conflict($"Only {state.State.Stock} of '{state.State.Name}' in stock: cannot remove {-adjustment.Delta}.");
        }

        ProductRules.ValidateStock((int)Math.Min(stock, int.MaxValue), "delta");
        state.State.Stock = (int)stock;
        return await SaveAsync(new StockMovement(adjustment.Delta, reason, adjustment.ActorId, null));
    }

    public async Task<StockReservation> ReserveAsync(string orderId, int quantity)
    {
        EnsureExists();
        if (state.State.Reservations.TryGetValue(orderId, out var held))
        {
            return new StockReservation(this.GetPrimaryKeyString(), orderId, held, state.State.Name, state.State.Price);
        }

        if (!state.State.Active)
        {
            throw DomainException.Conflict($"'{state.State.Name}' is no longer sold.");
        }

        if (quantity < 1)
        {
            throw DomainException.Invalid("quantity", "Quantity must be at least 1.");
        }

        if (quantity > state.State.Stock)
        {
            throw DomainException.Conflict(state.State.Stock == 0
                ? $"'{state.State.Name}' is out of stock."
                : $"Only {state.State.Stock} of '{state.State.Name}' in stock; the order asks for {quantity}.");
        }

        var before = state.State.Stock;
        state.State.Stock -= quantity;
        state.State.Reservations[orderId] = quantity;
        var product = await SaveAsync(new StockMovement(-quantity, "reserved for order", null, orderId));
        if (state.State.ReorderPoint is { } point && before >= point && state.State.Stock < point)
        {
            // A prompt for purchasing; GET /api/purchasing/suggestions also counts what open purchase orders bring in.
            await GrainFactory.PublishAsync(Topics.Purchasing, EventNames.ReorderSuggested,
                new ReorderNotice(product.Id, product.Name, product.Stock, point, state.State.ReorderQuantity ?? 0));
        }

        return new StockReservation(this.GetPrimaryKeyString(), orderId, quantity, state.State.Name, state.State.Price);
    }

    public async Task CommitReservationAsync(string orderId)
    {
        if (state.State.Reservations.Remove(orderId))
        {
            // Stock already left the shelf when it was reserved: only the record goes, no movement, no new version.
            await state.WriteStateAsync();
        }
    }

    public async Task ReleaseReservationAsync(string orderId)
    {
        if (!state.State.Reservations.Remove(orderId, out var quantity))
        {
            return;
        }

        state.State.Stock += quantity;
        await SaveAsync(new StockMovement(quantity, "order not placed: reservation released", null, orderId));
    }

    public async Task RestockCancelledOrderAsync(string orderId, int quantity)
    {
        EnsureExists();
        if (state.State.RestockedOrders.Contains(orderId))
        {
            return;
        }

        state.State.RestockedOrders.Add(orderId);
        if (state.State.RestockedOrders.Count > RestockMemory)
        {
            state.State.RestockedOrders.RemoveRange(0, state.State.RestockedOrders.Count - RestockMemory);
        }

        state.State.Stock += quantity;
        await SaveAsync(new StockMovement(quantity, "order cancelled: stock returned", null, orderId));
    }

    public async Task<Product> ReceiveStockAsync(StockReceipt receipt)
    {
        EnsureExists();
        if (state.State.ReceivedStock.Contains(receipt.Key))
        {
            return ToProduct();
        }

        if (receipt.Quantity < 1)
        {
            throw DomainException.Invalid("quantity", "A receipt adds at least one unit.");
        }

        state.State.ReceivedStock.Add(receipt.Key);
        if (state.State.ReceivedStock.Count > RestockMemory)
        {
            state.State.ReceivedStock.RemoveRange(0, state.State.ReceivedStock.Count - RestockMemory);
        }

        // The goods are on the shelf whatever a rule says: a receipt is never refused for the stock it makes.
        state.State.Stock = (int)Math.Min((long)state.State.Stock + receipt.Quantity, int.MaxValue);
        return await SaveAsync(new StockMovement(receipt.Quantity, receipt.Reason, receipt.ActorId, receipt.PurchaseOrderId));
    }

    public Task<ImmutableDictionary<string, int>> GetReservationsAsync() =>
        Task.FromResult(state.State.Reservations.ToImmutableDictionary());

    /// <summary>Writes state (the truth), then the read model and stock history (retried until it lands), then tells staff dashboards.</summary>
    private async Task<Product> SaveAsync(StockMovement? movement)
    {
        state.State.Version++;
        await state.WriteStateAsync();
        if (movement is not null)
        {
            _unwrittenMovements.Add(movement with { Version = state.State.Version, StockAfter = state.State.Stock, At = clock.GetUtcNow() });
        }

        var product = ToProduct();
        // Shoppers see products for sale, without the purchasing fields.
        await Task.WhenAll(
            Projection.ProjectAsync(),
            GrainFactory.PublishAsync(Topics.Admins, EventNames.ProductUpdated, product),
            product.Active ? GrainFactory.PublishAsync(Topics.Catalog, EventNames.ProductUpdated, product with { ReorderPoint = null, ReorderQuantity = null }) : Task.CompletedTask);
        return product;
    }

    private async Task WriteReadModelAsync()
    {
        var movements = _unwrittenMovements.ToList();
        await readModel.SaveAsync(ToProduct(), movements);
        _unwrittenMovements.RemoveRange(0, movements.Count);
    }

    private void EnsureExists()
    {
        if (!state.RecordExists)
        {
            throw DomainException.NotFound($"No product with id '{this.GetPrimaryKeyString()}'.");
        }
    }

    private Product ToProduct() => new(
        this.GetPrimaryKeyString(),
        state.State.Name,
        state.State.Description,
        state.State.Category,
        state.State.Price,
        state.State.Stock,
        state.State.ImageUrl,
        state.State.CreatedAt,
        state.State.Version,
        state.State.Active,
        state.State.ReorderPoint,
        state.State.ReorderQuantity);
}
