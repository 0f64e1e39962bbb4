using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using OmniBiz.GrainInterfaces.Common;
using OmniBiz.GrainInterfaces.Fleet;
using OmniBiz.WebHost.Auth;
using OmniBiz.WebHost.Common;

namespace OmniBiz.WebHost.Fleet;

/// <summary>Deliveries: staff start and complete them; a customer may read their own order's delivery.</summary>
public static class DeliveriesApi
{
    public static IEndpointRouteBuilder MapDeliveriesApi(this IEndpointRouteBuilder app)
    {
        var deliveries = app.MapGroup("/api/deliveries").WithTags("Fleet").RequireAuthorization();
        deliveries.MapPost("/", StartAsync).RequireAuthorization(Policies.Staff).WithName("StartDelivery")
            .WithSummary("Sends a paid or processing order out with a vehicle to a location or coordinates; the order goes in transit (staff).");
        deliveries.MapGet("/", ListAsync).RequireAuthorization(Policies.Staff).WithName("ListDeliveries").Produces<Page<Delivery>>()
            .WithSummary("Deliveries newest first; ?status=active for those en route or arrived (staff).");
        deliveries.MapGet("/{id}", GetAsync).WithName("GetDelivery").WithSummary("One delivery: staff, or the customer whose order it carries.");
        deliveries.MapPost("/{id}/complete", CompleteAsync).RequireAuthorization(Policies.Staff).WithName("CompleteDelivery")
            .WithSummary("Confirms the hand-over: the delivery and its order become delivered (staff).");
        return app;
    }

    private static async Task<Created<Delivery>> StartAsync(StartDeliveryRequest request, HttpContext http, IGrainFactory grains)
    {
        GeoPoint destination;
        if (!string.IsNullOrWhiteSpace(request.DestinationLocationId))
        {
            var location = await grains.GetGrain<ILocationGrain>(request.DestinationLocationId).GetAsync()
                ?? throw DomainException.NotFound($"No location with id '{request.DestinationLocationId}'.");
            destination = new GeoPoint(location.Lat, location.Lng);
        }
        else
        {
            destination = request.Destination ?? throw DomainException.Invalid("destination", "Give destinationLocationId or destination {lat, lng}.");
        }

        if (string.IsNullOrWhiteSpace(request.OrderId) || string.IsNullOrWhiteSpace(request.VehicleId))
        {
            throw DomainException.Invalid(string.IsNullOrWhiteSpace(request.OrderId) ? "orderId" : "vehicleId", "Name the order and the vehicle.");
        }

        var id = Guid.NewGuid().ToString("N");
        var delivery = await grains.GetGrain<IDeliveryGrain>(id).StartAsync(
            new StartDelivery(request.OrderId, request.VehicleId, destination, request.DestinationLocationId, http.User.UserIdOf()));
        return TypedResults.Created($"/api/deliveries/{id}", delivery);
    }

    private static async Task<Ok<Page<JsonElement>>> ListAsync(FleetQueries queries, CancellationToken cancellationToken, string? status = null, int? limit = null, string? cursor = null)
    {
        if (status is not (null or "active" or DeliveryStatuses.EnRoute or DeliveryStatuses.Arrived or DeliveryStatuses.Delivered or DeliveryStatuses.Cancelled))
        {
            throw DomainException.Invalid("status", "status is active, en_route, arrived, delivered or cancelled.");
        }

        return TypedResults.Ok(await queries.DeliveriesAsync(status, Paging.Limit(limit), cursor, cancellationToken));
    }

    private static async Task<Ok<Delivery>> GetAsync(string id, HttpContext http, IGrainFactory grains)
    {
        var delivery = await grains.GetGrain<IDeliveryGrain>(id).GetAsync();
        if (delivery is null || (!http.User.IsStaff() && delivery.CustomerId != http.User.UserIdOf()))
        {
            throw DomainException.NotFound($"No delivery with id '{id}'.");
        }

        return TypedResults.Ok(delivery);
    }

    private static async Task<Ok<Delivery>> CompleteAsync(string id, HttpContext http, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IDeliveryGrain>(id).CompleteAsync(http.User.UserIdOf()));
}
