using System.Collections.Immutable;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using OmniBiz.GrainInterfaces.Common;
using OmniBiz.GrainInterfaces.Purchasing;
using OmniBiz.Grains.Purchasing;
using OmniBiz.WebHost.Auth;
using OmniBiz.WebHost.Common;
using OmniBiz.WebHost.Hosting;

namespace OmniBiz.WebHost.Purchasing;

/// <summary>Suppliers, purchase orders, receipts, deliveries, supplier payments and the activity feed (staff and admins).</summary>
public static class PurchasingApi
{
    public static IEndpointRouteBuilder MapPurchasingApi(this IEndpointRouteBuilder app)
    {
        var purchasing = app.MapGroup("/api/purchasing").WithTags("Purchasing").RequireAuthorization(Policies.Staff);
        purchasing.MapGet("/suppliers", ListSuppliersAsync).WithName("ListSuppliers").Produces<Page<Supplier>>()
            .WithSummary("Suppliers newest first; ?search= matches name, contacts (name, email, phone) and supplied products; ?active=.");
        purchasing.MapPost("/suppliers", CreateSupplierAsync).WithName("CreateSupplier").AcceptsIdempotencyKey()
            .WithSummary("Adds a supplier with contacts (validated email and phone) and the products they supply. Send Idempotency-Key to make retries safe.");
        purchasing.MapGet("/suppliers/{id}", GetSupplierAsync).WithName("GetSupplier")
            .WithSummary("One supplier; each contact carries mailto: and tel: links.");
        purchasing.MapPut("/suppliers/{id}", UpdateSupplierAsync).WithName("UpdateSupplier").WithSummary("Replaces a supplier's details.");
        purchasing.MapGet("/orders", ListOrdersAsync).WithName("ListPurchaseOrders").Produces<Page<PurchaseOrder>>()
            .WithSummary("Purchase orders newest first, each flagged overdue when its expected date passed while still open. Filter with ?status=, ?supplierId=, ?overdue=.");
        purchasing.MapPost("/orders", CreateOrderAsync).WithName("CreatePurchaseOrder").AcceptsIdempotencyKey()
            .WithSummary("Drafts a purchase order (number PO-yyyy-nnnnn); a line without unitCost takes the supplier's listed cost. Send Idempotency-Key.");
        purchasing.MapGet("/orders/{id}", GetOrderAsync).WithName("GetPurchaseOrder").WithSummary("One purchase order with receipts and payments.");
        purchasing.MapPut("/orders/{id}", EditOrderAsync).WithName("EditPurchaseOrder")
            .WithSummary("Replaces a draft's lines, expected date and notes; any other status is 409.");
        purchasing.MapPost("/orders/{id}/status", ChangeStatusAsync).WithName("ChangePurchaseOrderStatus")
            .WithSummary("Sets sent, confirmed, closed or cancelled. partially_received and received follow from receipts: setting them is 409 naming the allowed next statuses.");
        purchasing.MapPost("/orders/{id}/receipts", ReceiveAsync).WithName("ReceivePurchaseOrderGoods").AcceptsIdempotencyKey(required: true)
            .WithSummary("Records goods received and raises catalog stock exactly once. Idempotency-Key is required: a retry with the same key changes nothing. More than ordered is 409.");
        purchasing.MapPost("/orders/{id}/delivery", UpdateDeliveryAsync).WithName("UpdatePurchaseOrderDelivery")
            .WithSummary("Records where the supplier's shipment is: pending, shipped, in_transit or delivered, with carrier, tracking number and expected date.");
        purchasing.MapPost("/orders/{id}/payments", PayAsync).WithName("PayPurchaseOrder").AcceptsIdempotencyKey(required: true)
            .WithSummary("Records a payment to the supplier. Idempotency-Key is required. Partial payments add up; overpaying is 409.");
        purchasing.MapGet("/suggestions", SuggestionsAsync).WithName("ListReorderSuggestions")
            .WithSummary("Products whose stock plus open purchase order quantities fell below their reorder point, with the cheapest supplier and its cost.");
        purchasing.MapPost("/suggestions/{productId}/order", OrderSuggestionAsync).WithName("OrderReorderSuggestion").AcceptsIdempotencyKey()
            .WithSummary("Drafts a purchase order for a suggestion: the suggested quantity from the suggested supplier at its cost. Send Idempotency-Key.");
        purchasing.MapGet("/activity", ActivityAsync).WithName("ListPurchasingActivity").Produces<Page<PurchasingActivityView>>()
            .WithSummary("The purchasing activity feed, newest first: order changes, receipts, deliveries, payments. Filter with ?purchaseOrderId= or ?supplierId=.");
        return app;
    }

    private static async Task<Ok<Page<JsonElement>>> ListSuppliersAsync(
        PurchasingQueries queries, CancellationToken cancellationToken, string? search = null, bool? active = null, int? limit = null, string? cursor = null) =>
        TypedResults.Ok(await queries.SuppliersAsync(search, active, Paging.Limit(limit), cursor, cancellationToken));

    private static async Task<Created<Supplier>> CreateSupplierAsync(SaveSupplierRequest request, HttpContext http, IGrainFactory grains)
    {
        var actorId = http.User.UserIdOf();
        var key = IdempotencyKeys.From(http);
        var id = key is null ? Guid.NewGuid().ToString("N") : IdempotencyKeys.StableId("supplier", actorId, key);
        var supplier = await grains.GetGrain<ISupplierGrain>(id).CreateAsync(Details(request), actorId);
        return TypedResults.Created($"/api/purchasing/suppliers/{id}", supplier);
    }

    private static async Task<Ok<Supplier>> GetSupplierAsync(string id, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<ISupplierGrain>(id).GetAsync() ?? throw DomainException.NotFound($"No supplier with id '{id}'."));

    private static async Task<Ok<Supplier>> UpdateSupplierAsync(string id, SaveSupplierRequest request, HttpContext http, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<ISupplierGrain>(id).UpdateAsync(Details(request), http.User.UserIdOf()));

    private static async Task<Ok<Page<JsonElement>>> ListOrdersAsync(
        PurchasingQueries queries, CancellationToken cancellationToken,
        string? status = null, string? supplierId = null, bool? overdue = null, int? limit = null, string? cursor = null)
    {
        if (status is not null && !PurchaseOrderStatuses.All.Contains(status))
        {
            throw DomainException.Invalid("status", $"Unknown status '{status}'. Statuses are {string.Join(", ", PurchaseOrderStatuses.All)}.");
        }

        return TypedResults.Ok(await queries.OrdersAsync(status, supplierId, overdue, Paging.Limit(limit), cursor, cancellationToken));
    }

    private static async Task<Created<PurchaseOrder>> CreateOrderAsync(CreatePurchaseOrderRequest request, HttpContext http, IGrainFactory grains)
    {
        var actorId = http.User.UserIdOf();
        var key = IdempotencyKeys.From(http);
        var id = key is null ? Guid.NewGuid().ToString("N") : IdempotencyKeys.StableId("purchase-order", actorId, key);
        var order = await grains.GetGrain<IPurchaseOrderGrain>(id).DraftAsync(new DraftPurchaseOrder(
            request.SupplierId, Lines(request.Lines), InputRules.Date("expectedAt", request.ExpectedAt), request.Notes, actorId));
        return TypedResults.Created($"/api/purchasing/orders/{id}", order);
    }

    private static async Task<Ok<PurchaseOrder>> GetOrderAsync(string id, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IPurchaseOrderGrain>(id).GetAsync() ?? throw DomainException.NotFound($"No purchase order with id '{id}'."));

    private static async Task<Ok<PurchaseOrder>> EditOrderAsync(string id, EditPurchaseOrderRequest request, HttpContext http, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IPurchaseOrderGrain>(id).EditDraftAsync(
            Lines(request.Lines), InputRules.Date("expectedAt", request.ExpectedAt), request.Notes, http.User.UserIdOf()));

    private static async Task<Ok<PurchaseOrder>> ChangeStatusAsync(string id, ChangePurchaseOrderStatusRequest request, HttpContext http, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IPurchaseOrderGrain>(id).ChangeStatusAsync(request.Status, http.User.UserIdOf()));

    private static async Task<Created<PurchaseOrder>> ReceiveAsync(string id, ReceiveGoodsRequest request, HttpContext http, IGrainFactory grains)
    {
        var key = RequiredKey(http);
        var lines = request.Lines is { IsDefaultOrEmpty: false } given
            ? [.. given.Select((l, i) => l is null ? throw DomainException.Invalid($"lines[{i}]", "Every line names a product and a quantity.") : new ReceiptLine(l.ProductId, l.Quantity))]
            : ImmutableArray<ReceiptLine>.Empty;
        var order = await grains.GetGrain<IPurchaseOrderGrain>(id).ReceiveGoodsAsync(
            new ReceiveGoods(IdempotencyKeys.StableId("receipt", id, key), lines, request.Note, http.User.UserIdOf()));
        return TypedResults.Created($"/api/purchasing/orders/{id}", order);
    }

    private static async Task<Ok<PurchaseOrder>> UpdateDeliveryAsync(string id, UpdateDeliveryRequest request, HttpContext http, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IPurchaseOrderGrain>(id).UpdateDeliveryAsync(new UpdateInboundDelivery(
            request.Status, request.Carrier, request.TrackingNumber, InputRules.Date("expectedAt", request.ExpectedAt), http.User.UserIdOf())));

    private static async Task<Created<PurchaseOrder>> PayAsync(string id, PaySupplierRequest request, HttpContext http, IGrainFactory grains)
    {
        var key = RequiredKey(http);
        var order = await grains.GetGrain<IPurchaseOrderGrain>(id).PayAsync(
            new PaySupplier(IdempotencyKeys.StableId("supplier-payment", id, key), request.Amount, request.Reference, http.User.UserIdOf()));
        return TypedResults.Created($"/api/purchasing/orders/{id}", order);
    }

    private static async Task<Ok<IReadOnlyList<ReorderSuggestion>>> SuggestionsAsync(PurchasingQueries queries, CancellationToken cancellationToken, int? limit = null) =>
        TypedResults.Ok(await queries.SuggestionsAsync(null, Paging.Limit(limit), cancellationToken));

    private static async Task<Created<PurchaseOrder>> OrderSuggestionAsync(
        string productId, HttpContext http, IGrainFactory grains, PurchasingQueries queries, CancellationToken cancellationToken)
    {
        var suggestion = (await queries.SuggestionsAsync(productId, 1, cancellationToken)).FirstOrDefault()
            ?? throw (await grains.GetGrain<GrainInterfaces.Catalog.IProductGrain>(productId).GetAsync() is null
                ? DomainException.NotFound($"No product with id '{productId}'.")
                : DomainException.Conflict("Nothing to reorder: the product has no reorder rule, or its stock and open purchase orders reach its reorder point."));
        if (suggestion.SupplierId is null)
        {
            throw DomainException.Conflict($"No active supplier lists '{suggestion.ProductName}': add it to a supplier's products first.");
        }

        var actorId = http.User.UserIdOf();
        var key = IdempotencyKeys.From(http);
        var id = key is null ? Guid.NewGuid().ToString("N") : IdempotencyKeys.StableId("reorder", actorId, key);
        var expectedAt = suggestion.LeadTimeDays is { } days ? DateTimeOffset.UtcNow.AddDays(days) : (DateTimeOffset?)null;
        var order = await grains.GetGrain<IPurchaseOrderGrain>(id).DraftAsync(new DraftPurchaseOrder(
            suggestion.SupplierId, [new PurchaseOrderLineRequest(productId, suggestion.SuggestedQuantity, suggestion.UnitCost)], expectedAt,
            $"Reorder: stock {suggestion.Stock} + incoming {suggestion.Incoming} below reorder point {suggestion.ReorderPoint}.", actorId));
        return TypedResults.Created($"/api/purchasing/orders/{id}", order);
    }

    private static async Task<Ok<Page<JsonElement>>> ActivityAsync(
        PurchasingQueries queries, CancellationToken cancellationToken,
        string? purchaseOrderId = null, string? supplierId = null, int? limit = null, string? cursor = null) =>
        TypedResults.Ok(await queries.ActivityAsync(purchaseOrderId, supplierId, Paging.Limit(limit), cursor, cancellationToken));

    /// <summary>Receipts and payments move stock and money: a retry must name the first attempt, so the key is required.</summary>
    private static string RequiredKey(HttpContext http) =>
        IdempotencyKeys.From(http) ?? throw DomainException.Invalid(IdempotencyKeys.Header,
            $"Send an {IdempotencyKeys.Header} header (a fresh value per receipt or payment, the same value when retrying it).");

    private static ImmutableArray<PurchaseOrderLineRequest> Lines(ImmutableArray<PurchaseOrderLineItem?>? lines) =>
        lines is { IsDefaultOrEmpty: false } given
            ? [.. given.Select((l, i) => l is null ? throw DomainException.Invalid($"lines[{i}]", "Every line names a product and a quantity.") : new PurchaseOrderLineRequest(l.ProductId, l.Quantity, l.UnitCost))]
            : [];

    private static SupplierDetails Details(SaveSupplierRequest request) => new(
        request.Name,
        request.Address,
        request.Notes,
        request.PaymentTermsDays ?? 30,
        request.Active ?? true,
        request.Contacts is { IsDefault: false } contacts
            ? [.. contacts.Select((c, i) => c is null ? throw DomainException.Invalid($"contacts[{i}]", "Every contact needs a name.") : new SupplierContact(c.Name, c.Email, c.Phone, c.Role))]
            : [],
        request.Products is { IsDefault: false } products
            ? [.. products.Select((p, i) => p is null ? throw DomainException.Invalid($"products[{i}]", "Every supplied product names a product.") : new SuppliedProduct(p.ProductId, p.SupplierCode, p.UnitCost, p.LeadTimeDays ?? 0))]
            : []);
}
