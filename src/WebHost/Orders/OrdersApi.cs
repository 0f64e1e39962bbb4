using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using OmniBiz.GrainInterfaces.Cart;
using OmniBiz.GrainInterfaces.Common;
using OmniBiz.GrainInterfaces.Orders;
using OmniBiz.WebHost.Auth;
using OmniBiz.WebHost.Common;
using OmniBiz.WebHost.Hosting;

namespace OmniBiz.WebHost.Orders;

/// <summary>Checkout and orders. The order grain decides what each caller may do; these handlers hide others' orders (404).</summary>
public static class OrdersApi
{
    public static IEndpointRouteBuilder MapOrdersApi(this IEndpointRouteBuilder app)
    {
        var orders = app.MapGroup("/api/orders").WithTags("Orders").RequireAuthorization();
        orders.MapPost("/", PlaceAsync).WithName("PlaceOrder").AcceptsIdempotencyKey()
            .WithSummary("Checks out the cart (or the given items) at catalog prices; all stock is reserved or none. 409 when the customer already holds the most unpaid orders allowed; unpaid orders expire (payBy). Send Idempotency-Key to make retries safe.");
        orders.MapGet("/", ListAsync).WithName("ListOrders").Produces<Page<Order>>()
            .WithSummary("Orders newest first: customers see their own, staff all. Filter with ?status=.");
        orders.MapGet("/{id}", GetAsync).WithName("GetOrder").WithSummary("One order with lines, payments and history.");
        orders.MapPost("/{id}/status", ChangeStatusAsync).RequireAuthorization(Policies.Staff).WithName("ChangeOrderStatus")
            .WithSummary("Moves an order (staff). An invalid transition is 409 naming the allowed next statuses.");
        orders.MapPost("/{id}/payments", PayAsync).WithName("PayOrder").AcceptsIdempotencyKey()
            .WithSummary("Records a payment. Customers pay by test_card (the payment provider); staff also record cash, card_on_delivery and bank_transfer (403 for a customer). Paying the full amount marks the order paid. Send Idempotency-Key.");
        orders.MapPost("/{id}/cancel", CancelAsync).WithName("CancelOrder")
            .WithSummary("Cancels an order: its customer before shipping, or staff. The stock goes back.");
        return app;
    }

    private static Actor ActorOf(HttpContext http) => new(http.User.UserIdOf(), http.User.IsStaff());

    private static async Task<Created<Order>> PlaceAsync(CreateOrderRequest request, HttpContext http, IGrainFactory grains)
    {
        var customerId = http.User.UserIdOf();
        var key = IdempotencyKeys.From(http);
        var orderId = key is null ? Guid.NewGuid().ToString("N") : IdempotencyKeys.StableId("order", customerId, key);
        var fromCart = request.Items is null;
        var items = request.Items
            ?? [.. (await grains.GetGrain<ICartGrain>(customerId).GetAsync()).Items.Select(l => new OrderItemRequest(l.ProductId, l.Quantity))];
        var order = await grains.GetGrain<IOrderGrain>(orderId).PlaceAsync(
            new PlaceOrder(customerId, request.ShippingAddress, request.Notes, items, fromCart));
        return TypedResults.Created($"/api/orders/{order.Id}", order);
    }

    private static async Task<Ok<Page<JsonElement>>> ListAsync(
        HttpContext http, OrderQueries queries, CancellationToken cancellationToken, string? status = null, int? limit = null, string? cursor = null)
    {
        if (status is not null && !OrderStatuses.All.Contains(status))
        {
            throw DomainException.Invalid("status", $"Unknown status '{status}'. Statuses are {string.Join(", ", OrderStatuses.All)}.");
        }

        var customerId = http.User.IsStaff() ? null : http.User.UserIdOf();
        return TypedResults.Ok(await queries.ListAsync(customerId, status, Paging.Limit(limit), cursor, cancellationToken));
    }

    private static async Task<Ok<Order>> GetAsync(string id, HttpContext http, IGrainFactory grains) =>
        TypedResults.Ok(await VisibleOrderAsync(id, http, grains));

    private static async Task<Ok<Order>> ChangeStatusAsync(string id, ChangeOrderStatusRequest request, HttpContext http, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IOrderGrain>(id).ChangeStatusAsync(request.Status, ActorOf(http)));

    private static async Task<Created<PaymentOutcome>> PayAsync(string id, CreatePaymentRequest request, HttpContext http, IGrainFactory grains)
    {
        await VisibleOrderAsync(id, http, grains);
        var key = IdempotencyKeys.From(http) ?? Guid.NewGuid().ToString("N");
        var outcome = await grains.GetGrain<IOrderGrain>(id).PayAsync(
            new PaymentRequest(request.Amount, request.Method, request.Reference, IdempotencyKeys.StableId("payment", id, key), http.User.UserIdOf()),
            ActorOf(http));
        return TypedResults.Created($"/api/orders/{id}", outcome);
    }

    private static async Task<Ok<Order>> CancelAsync(string id, HttpContext http, IGrainFactory grains)
    {
        await VisibleOrderAsync(id, http, grains);
        return TypedResults.Ok(await grains.GetGrain<IOrderGrain>(id).CancelAsync(ActorOf(http)));
    }

    /// <summary>The order if the caller may see it; someone else's order is reported as missing, not as forbidden.</summary>
    private static async Task<Order> VisibleOrderAsync(string id, HttpContext http, IGrainFactory grains)
    {
        var order = await grains.GetGrain<IOrderGrain>(id).GetAsync();
        if (order is null || (!http.User.IsStaff() && order.CustomerId != http.User.UserIdOf()))
        {
            throw DomainException.NotFound($"No order with id '{id}'.");
        }

        return order;
    }
}
