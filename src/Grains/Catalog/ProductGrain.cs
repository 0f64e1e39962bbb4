using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using OmniBiz.GrainInterfaces.Catalog;
using OmniBiz.GrainInterfaces.Common;
using OmniBiz.GrainInterfaces.Realtime;
using OmniBiz.Grains.Projections;
using OmniBiz.Grains.Realtime;
using OmniBiz.Grains.Storage;

namespace OmniBiz.Grains.Catalog;

/// <summary>
/// One product. Reentrant, with its state written by group commit (<see cref="GrainStateCommits"/>): every call checks
/// and changes the state in memory in one step, so stock is never oversold, and is answered once a write holding its
/// change has landed, so nothing acknowledged is lost in a crash. A popular product thus takes a whole round of
/// reservations per state write instead of one, and its read-model row and events follow once per round.
/// </summary>
[Reentrant]
public sealed partial class ProductGrain(
    [PersistentState(StorageNames.Product, StorageNames.Main)] IPersistentState<ProductState> state,
    ProductReadModel readModel,
    Projector projector,
    TimeProvider clock,
    ILogger<ProductGrain> logger) : Grain, IProductGrain
{
    private const int RestockMemory = 1000;

    // Stock movements made by this activation that the history table does not have yet (kept until a write lands).
    private readonly List<StockMovement> _unwrittenMovements = [];
    private Projection? _projection;
    private GrainStateCommits? _commits;
    private bool _exists;

    // The product as last stored (what the read model and events show), and the version last published.
    private Product? _stored;
    private int _published;

    private Projection Projection => _projection ??= projector.For(this, "products", WriteReadModelAsync);

    private GrainStateCommits Commits => _commits ??= new GrainStateCommits(WriteStateAsync, AfterWriteAsync, DeactivateOnIdle);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _exists = state.RecordExists;
        if (_exists)
        {
            _stored = ToProduct();
            _published = state.State.Version;
            await Projection.ProjectAsync();
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _commits?.IdleAsync() ?? Task.CompletedTask;

    public async Task<Product> CreateAsync(ProductDetails details, int initialStock, string actorId)
    {
        Commits.ThrowIfFailed();
        if (_exists)
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
        _exists = true;
        return await SaveAsync(initialStock == 0 ? null : new StockMovement(initialStock, "opening stock", actorId, null), settled: true);
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
        return await SaveAsync(null, settled: true);
    }

    public Task<Product?> GetAsync() => Task.FromResult(_exists ? ToProduct() : null);

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
        return await SaveAsync(new StockMovement(adjustment.Delta, reason, adjustment.ActorId, null), settled: true);
    }

    public async Task<StockReservation> ReserveAsync(string orderId, int quantity)
    {
        EnsureExists();
        if (state.State.Reservations.TryGetValue(orderId, out var held))
        {
            await Commits.StoredAsync(); // a repeat is answered once the first ask is stored
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
        var product = await SaveAsync(new StockMovement(-quantity, "reserved for order", null, orderId), settled: false);
        if (product.ReorderPoint is { } point && before >= point && product.Stock < point)
        {
            // A prompt for purchasing; GET /api/purchasing/suggestions also counts what open purchase orders bring in.
            await GrainFactory.PublishAsync(Topics.Purchasing, EventNames.ReorderSuggested,
                new ReorderNotice(product.Id, product.Name, product.Stock, point, product.ReorderQuantity ?? 0));
        }

        return new StockReservation(product.Id, orderId, quantity, product.Name, product.Price);
    }

    public async Task CommitReservationAsync(string orderId)
    {
        Commits.ThrowIfFailed();
        if (state.State.Reservations.Remove(orderId))
        {
            // Stock already left the shelf when it was reserved: only the record goes, no movement, no new version.
            await Commits.CommitAsync();
        }
        else
        {
            await Commits.StoredAsync();
        }
    }

    public async Task ReleaseReservationAsync(string orderId)
    {
        Commits.ThrowIfFailed();
        if (!state.State.Reservations.Remove(orderId, out var quantity))
        {
            await Commits.StoredAsync();
            return;
        }

        state.State.Stock += quantity;
        await SaveAsync(new StockMovement(quantity, "order not placed: reservation released", null, orderId), settled: false);
    }

    public async Task RestockCancelledOrderAsync(string orderId, int quantity)
    {
        EnsureExists();
        if (state.State.RestockedOrders.Contains(orderId))
        {
            await Commits.StoredAsync();
            return;
        }

        state.State.RestockedOrders.Add(orderId);
        if (state.State.RestockedOrders.Count > RestockMemory)
        {
            state.State.RestockedOrders.RemoveRange(0, state.State.RestockedOrders.Count - RestockMemory);
        }

        state.State.Stock += quantity;
        await SaveAsync(new StockMovement(quantity, "order cancelled: stock returned", null, orderId), settled: false);
    }

    public async Task<Product> ReceiveStockAsync(StockReceipt receipt)
    {
        EnsureExists();
        if (state.State.ReceivedStock.Contains(receipt.Key))
        {
            await Commits.StoredAsync();
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
        return await SaveAsync(new StockMovement(receipt.Quantity, receipt.Reason, receipt.ActorId, receipt.PurchaseOrderId), settled: true);
    }

    public Task<ImmutableDictionary<string, int>> GetReservationsAsync() =>
        Task.FromResult(state.State.Reservations.ToImmutableDictionary());

    /// <summary>
    /// Makes the change (already applied to the state) a new version, then waits for a write that holds it; with
    /// <paramref name="settled"/> also for that round's read-model row and events. Answers the product as changed.
    /// </summary>
    private async Task<Product> SaveAsync(StockMovement? movement, bool settled)
    {
        state.State.Version++;
        if (movement is not null)
        {
            _unwrittenMovements.Add(movement with { Version = state.State.Version, StockAfter = state.State.Stock, At = clock.GetUtcNow() });
        }

        var product = ToProduct();
        await Commits.CommitAsync(settled);
        return product;
    }

    private async Task WriteStateAsync()
    {
        var product = ToProduct();
        await state.WriteStateAsync();
        _stored = product;
    }

    /// <summary>After each stored round: the read model (retried until it lands) and one event with the product as stored.</summary>
    private async Task AfterWriteAsync()
    {
        if (_stored is not { } product || product.Version <= _published)
        {
            return; // only reservation records changed
        }

        await Projection.ProjectAsync();
        _published = product.Version;
        try
        {
            // Shoppers see products for sale, without the purchasing fields.
            await Task.WhenAll(
                GrainFactory.PublishAsync(Topics.Admins, EventNames.ProductUpdated, product),
                product.Active ? GrainFactory.PublishAsync(Topics.Catalog, EventNames.ProductUpdated, product with { ReorderPoint = null, ReorderQuantity = null }) : Task.CompletedTask);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The change is stored and the read model has it; a dashboard that missed the event sees it at its next read.
            LogPublishFailed(e, product.Id, product.Version);
        }
    }

    /// <summary>The read model and stock history as last stored (never a change still waiting for its write).</summary>
    private async Task WriteReadModelAsync()
    {
        if (_stored is not { } product)
        {
            return;
        }

        var movements = _unwrittenMovements.Where(m => m.Version <= product.Version).ToList();
        await readModel.SaveAsync(product, movements);
        _unwrittenMovements.RemoveAll(m => m.Version <= product.Version);
    }

    private void EnsureExists()
    {
        Commits.ThrowIfFailed();
        if (!_exists)
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing version {Version} of product {ProductId} failed; the change is stored")]
    private partial void LogPublishFailed(Exception e, string productId, int version);
}
