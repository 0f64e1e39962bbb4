using System.Collections.Immutable;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using OmniBiz.GrainInterfaces.Common;
using OmniBiz.GrainInterfaces.Fleet;
using OmniBiz.Grains.Fleet;
using OmniBiz.WebHost.Auth;
using OmniBiz.WebHost.Common;
using OmniBiz.WebHost.Hosting;
using OmniBiz.WebHost.Limits;

namespace OmniBiz.WebHost.Fleet;

/// <summary>Vehicles, device credentials, GPS ingestion, trails and the heatmap.</summary>
public static class FleetApi
{
    public static IEndpointRouteBuilder MapFleetApi(this IEndpointRouteBuilder app)
    {
        var fleet = app.MapGroup("/api/fleet").WithTags("Fleet");
        fleet.MapGet("/vehicles", ListVehiclesAsync).RequireAuthorization(Policies.Staff)
            .WithName("ListVehicles").WithSummary("Vehicles with their latest position, newest first (staff).");
        fleet.MapPost("/vehicles", CreateVehicleAsync).RequireAuthorization(Policies.Staff)
            .WithName("CreateVehicle").WithSummary("Registers a vehicle (staff).");
        fleet.MapGet("/vehicles/{id}", GetVehicleAsync).RequireAuthorization(Policies.Staff)
            .WithName("GetVehicle").WithSummary("One vehicle (staff).");
        fleet.MapPost("/vehicles/{id}/device-token", IssueTokenAsync).RequireAuthorization(Policies.Staff)
            .WithName("IssueDeviceToken").WithSummary("A device token that can post pings for this vehicle only; earlier tokens stop working (staff).");
        fleet.MapDelete("/vehicles/{id}/device-token", RevokeTokensAsync).RequireAuthorization(Policies.Staff)
            .WithName("RevokeDeviceToken").WithSummary("Stops this vehicle's device token (staff).");
        // The hottest endpoint checks its one declared field itself (below) rather than have the shared validation filter
        // walk every ping of the batch, which cost a twentieth of the node's time at 2,000 batches a second.
        fleet.MapPost("/pings", PostPingsAsync).RequireAuthorization(Policies.Device).RequireRateLimiting(RateLimitPolicies.Pings).DisableValidation()
            .WithName("PostPings").AcceptsIdempotencyKey().WithSummary("A device posts 1 to 500 GPS pings; each is checked on its own. Answers 202 once the accepted ones are stored.");
        fleet.MapGet("/vehicles/{id}/trail", TrailAsync).RequireAuthorization(Policies.Staff)
            .WithName("GetVehicleTrail").WithSummary("Stored positions in time order (default: the last 24 hours; at most 10,000).");
        fleet.MapGet("/heatmap", HeatmapAsync).RequireAuthorization(Policies.Staff)
            .WithName("GetFleetHeatmap").WithSummary("Vehicle time spent per grid cell (default: last 24 hours, 250 m cells).");
        return app;
    }

    private static async Task<Ok<Page<Vehicle>>> ListVehiclesAsync(FleetQueries queries, IGrainFactory grains, CancellationToken cancellationToken, int? limit = null, string? cursor = null)
    {
        var (ids, next) = await queries.VehicleIdsAsync(Paging.Limit(limit), cursor, cancellationToken);
        var vehicles = await Task.WhenAll(ids.Select(id => grains.GetGrain<IVehicleGrain>(id).GetAsync()));
        return TypedResults.Ok(new Page<Vehicle>([.. vehicles.OfType<Vehicle>()], next));
    }

    private static async Task<Created<Vehicle>> CreateVehicleAsync(CreateVehicleRequest request, IGrainFactory grains)
    {
        var id = Guid.NewGuid().ToString("N");
        var vehicle = await grains.GetGrain<IVehicleGrain>(id).CreateAsync(request.Name, request.Plate);
        return TypedResults.Created($"/api/fleet/vehicles/{id}", vehicle);
    }

    private static async Task<Ok<Vehicle>> GetVehicleAsync(string id, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IVehicleGrain>(id).GetAsync() ?? throw DomainException.NotFound($"No vehicle with id '{id}'."));

    private static async Task<Ok<DeviceTokenResponse>> IssueTokenAsync(string id, IGrainFactory grains, TokenService tokens)
    {
        var tokenId = await grains.GetGrain<IVehicleGrain>(id).IssueDeviceTokenAsync();
        return TypedResults.Ok(new DeviceTokenResponse(id, tokens.IssueDevice(id, tokenId)));
    }

    private static async Task<NoContent> RevokeTokensAsync(string id, IGrainFactory grains)
    {
        await grains.GetGrain<IVehicleGrain>(id).RevokeDeviceTokensAsync();
        return TypedResults.NoContent();
    }

    private static async Task<Accepted<PingBatchResult>> PostPingsAsync(PostPingsRequest request, HttpContext http, IGrainFactory grains)
    {
        var vehicleId = http.User.FindFirstValue(OmniBizClaims.VehicleId)!;
        if (request.VehicleId is { } named && InputRules.Id("vehicleId", named) != vehicleId)
        {
            throw DomainException.Forbidden("This device token belongs to another vehicle.");
        }

        var pings = request.Pings.IsDefault ? [] : request.Pings;
        if (pings.Length is 0 or > PingRules.MaxBatch)
        {
            throw DomainException.Invalid("pings", $"Send 1 to {PingRules.MaxBatch} pings per batch.");
        }

        // A ping without a position is refused on its own, like the vehicle's other per-ping checks; the rest go on,
        // and the vehicle's answer is mapped back to the positions in the request.
        var refused = new List<PingRejection>();
        var complete = ImmutableArray.CreateBuilder<Ping>(pings.Length);
        var positionOf = new List<int>(pings.Length);
        for (var i = 0; i < pings.Length; i++)
        {
            if (pings[i] is { } ping && (ping.Lat is null || ping.Lng is null))
            {
                refused.Add(new PingRejection(i, PingRules.LatLngRequired));
                continue;
            }

            complete.Add(pings[i] is { } p ? new Ping(p.Lat!.Value, p.Lng!.Value, p.SpeedKph, p.Heading, p.AccuracyM, p.RecordedAt) : null!);
            positionOf.Add(i);
        }

        var stored = complete.Count == 0 ? new PingBatchResult(0, []) : await grains.GetGrain<IVehicleGrain>(vehicleId).IngestAsync(
            http.User.FindFirstValue(OmniBizClaims.TokenId)!, complete.ToImmutable(), IdempotencyKeys.From(http));
        var result = refused.Count == 0 ? stored : new PingBatchResult(stored.Accepted,
            [.. stored.Rejected.Select(r => r with { Index = positionOf[r.Index] }).Concat(refused).OrderBy(r => r.Index)]);
        return TypedResults.Accepted((string?)null, result);
    }

    private static async Task<Ok<TrailResponse>> TrailAsync(string id, FleetQueries queries, TimeProvider clock, CancellationToken cancellationToken, DateTimeOffset? from = null, DateTimeOffset? to = null)
    {
        var (start, end) = Range(from, to, clock, TimeSpan.FromDays(31));
        return TypedResults.Ok(new TrailResponse(id, await queries.TrailAsync(id, start, end, cancellationToken)));
    }

    private static async Task<Ok<IReadOnlyList<HeatmapCell>>> HeatmapAsync(FleetQueries queries, TimeProvider clock, CancellationToken cancellationToken, DateTimeOffset? from = null, DateTimeOffset? to = null, double? cellMeters = null)
    {
        var (start, end) = Range(from, to, clock, TimeSpan.FromDays(31));
        var cell = cellMeters ?? 250;
        if (!double.IsFinite(cell) || cell < 10 || cell > 100_000)
        {
            throw DomainException.Invalid("cellMeters", "cellMeters must be from 10 to 100000.");
        }

        return TypedResults.Ok(await queries.HeatmapAsync(start, end, cell, cancellationToken));
    }

    private static (DateTimeOffset From, DateTimeOffset To) Range(DateTimeOffset? from, DateTimeOffset? to, TimeProvider clock, TimeSpan longest)
    {
        var end = InputRules.Date("to", to) ?? clock.GetUtcNow();
        var start = InputRules.Date("from", from) ?? end - TimeSpan.FromDays(1);
        if (start > end)
        {
            throw DomainException.Invalid("from", "from must be before to.");
        }

        if (end - start > longest)
        {
            throw DomainException.Invalid("from", $"Ask for at most {longest.TotalDays:0} days at a time.");
        }

        return (start, end);
    }

    public sealed record DeviceTokenResponse(string VehicleId, string Token);

    public sealed record TrailResponse(string VehicleId, IReadOnlyList<TrailPointView> Points);
}
