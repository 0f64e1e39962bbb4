using System.Collections.Immutable;

namespace OmniBiz.GrainInterfaces.Catalog;

/// <summary>
/// One product, keyed by product id. Owns price and stock: stock never goes negative, and every change of it is
/// kept as a stock movement. Orders hold stock through reservations keyed by order id, so every step is idempotent.
/// </summary>
[Alias("omnibiz.IProductGrain")]
public interface IProductGrain : IGrainWithStringKey
{
    /// <summary>Creates the product with its opening stock; refuses invalid details or an id already in use.</summary>
    [Alias("Create")]
    Task<Product> CreateAsync(ProductDetails details, int initialStock, string actorId);

    /// <summary>Replaces name, description, category, price, image and active flag.</summary>
    [Alias("Update")]
    Task<Product> UpdateAsync(ProductDetails details);

    /// <summary>The product, or null when none exists under this id.</summary>
    [Alias("Get")]
    Task<Product?> GetAsync();

    /// <summary>Adds or removes stock by hand; refuses a change that would make stock negative.</summary>
    [Alias("AdjustStock")]
    Task<Product> AdjustStockAsync(StockAdjustment adjustment);

    /// <summary>
    /// Holds stock for an order (taking it off the shelf at once). Refuses with a conflict when not enough is in
    /// stock or the product is not for sale. Asking again for the same order answers the existing reservation.
    /// </summary>
    [Alias("Reserve")]
    Task<StockReservation> ReserveAsync(string orderId, int quantity);

    /// <summary>The order exists: the held stock is sold and the reservation record is dropped. Idempotent.</summary>
    [Alias("CommitReservation")]
    Task CommitReservationAsync(string orderId);

    /// <summary>The order did not happen: held stock goes back on the shelf. Idempotent; unknown orders are ignored.</summary>
    [Alias("ReleaseReservation")]
    Task ReleaseReservationAsync(string orderId);

    /// <summary>A placed order was cancelled: its quantity goes back on the shelf, once per order.</summary>
    [Alias("RestockCancelledOrder")]
    Task RestockCancelledOrderAsync(string orderId, int quantity);

    /// <summary>
    /// Goods arrived from a supplier: stock rises by the quantity, once per receipt key (a repeat changes nothing), and
    /// the stock history names the purchase order.
    /// </summary>
    [Alias("ReceiveStock")]
    Task<Product> ReceiveStockAsync(StockReceipt receipt);

    /// <summary>Open reservations (order id → quantity), for checks and operators.</summary>
    [Alias("GetReservations")]
    Task<ImmutableDictionary<string, int>> GetReservationsAsync();
}
