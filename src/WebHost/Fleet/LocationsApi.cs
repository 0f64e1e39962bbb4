using Microsoft.AspNetCore.Http.HttpResults;
using OmniBiz.GrainInterfaces.Common;
using OmniBiz.GrainInterfaces.Fleet;
using OmniBiz.WebHost.Auth;
using OmniBiz.WebHost.Common;

namespace OmniBiz.WebHost.Fleet;

/// <summary>Business locations on the map (staff).</summary>
public static class LocationsApi
{
    public static IEndpointRouteBuilder MapLocationsApi(this IEndpointRouteBuilder app)
    {
        var locations = app.MapGroup("/api/locations").WithTags("Fleet").RequireAuthorization(Policies.Staff);
        locations.MapGet("/", ListAsync).WithName("ListLocations").WithSummary("Locations, newest first (staff).");
        locations.MapPost("/", CreateAsync).WithName("CreateLocation").WithSummary("Adds a location; map viewers get location_added.");
        locations.MapGet("/{id}", GetAsync).WithName("GetLocation").WithSummary("One location.");
        locations.MapPut("/{id}", UpdateAsync).WithName("UpdateLocation").WithSummary("Changes a location; map viewers get location_updated.");
        locations.MapDelete("/{id}", DeleteAsync).WithName("DeleteLocation").WithSummary("Removes a location; map viewers get location_deleted.");
        return app;
    }

    private static LocationDetails Details(LocationRequest request) => new(request.Name, request.Type, request.Lat, request.Lng, request.Address);

    private static async Task<Ok<Page<Location>>> ListAsync(FleetQueries queries, CancellationToken cancellationToken, int? limit = null, string? cursor = null) =>
        TypedResults.Ok(await queries.LocationsAsync(Paging.Limit(limit), cursor, cancellationToken));

    private static async Task<Created<Location>> CreateAsync(LocationRequest request, IGrainFactory grains)
    {
        var id = Guid.NewGuid().ToString("N");
        var location = await grains.GetGrain<ILocationGrain>(id).CreateAsync(Details(request));
        return TypedResults.Created($"/api/locations/{id}", location);
    }

    private static async Task<Ok<Location>> GetAsync(string id, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<ILocationGrain>(id).GetAsync() ?? throw DomainException.NotFound($"No location with id '{id}'."));

    private static async Task<Ok<Location>> UpdateAsync(string id, LocationRequest request, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<ILocationGrain>(id).UpdateAsync(Details(request)));

    private static async Task<NoContent> DeleteAsync(string id, IGrainFactory grains)
    {
        await grains.GetGrain<ILocationGrain>(id).DeleteAsync();
        return TypedResults.NoContent();
    }
}
