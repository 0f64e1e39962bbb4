using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using OmniBiz.WebHost.Tests.Common;

namespace OmniBiz.WebHost.Tests.Fleet;

[Collection(NodeCollection.Name)]
public sealed class FleetApiTests(NodeFixture fixture)
{
    // A small square near Amsterdam; 0.001 degrees of latitude is about 111 m.
    private const double DestinationLat = 52.3700;
    private const double DestinationLng = 4.8900;

    private static string Iso(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>Posts a batch written as raw JSON, for fields a typed body cannot leave out or spell wrong.</summary>
    private static async Task<(HttpStatusCode Status, JsonElement Body, string? ContentType)> PostRawPingsAsync(ApiClient device, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/fleet/pings") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", device.Token);
        return await device.SendAsync(request);
    }

    private async Task<(string VehicleId, ApiClient Device)> NewVehicleAsync(ApiClient staff)
    {
        var (_, vehicle, _) = await staff.PostAsync("/api/fleet/vehicles", new { name = "Van", plate = "AB-12-CD" });
        var vehicleId = vehicle.GetProperty("id").GetString()!;
        var (_, token, _) = await staff.PostAsync($"/api/fleet/vehicles/{vehicleId}/device-token", new { });
        return (vehicleId, fixture.Client().As(token.GetProperty("token").GetString()!, $"device:{vehicleId}"));
    }

    private static Task<(HttpStatusCode Status, JsonElement Body, string? ContentType)> PostPingsAsync(ApiClient device, params object[] pings) =>
        device.PostAsync("/api/fleet/pings", new { pings });

    [Fact]
    public async Task A_batch_rejects_bad_pings_one_by_one_and_accepts_the_rest()
    {
        using var admin = await fixture.AdminAsync();
        var (_, device) = await NewVehicleAsync(admin);
        var now = DateTimeOffset.UtcNow;
        var body = "{\"pings\":[" +
            $"{{\"lat\":52.37,\"lng\":4.89,\"recordedAt\":\"{Iso(now.AddSeconds(-3))}\"}}," +
            $"{{\"lat\":\"NaN\",\"lng\":4.89,\"recordedAt\":\"{Iso(now.AddSeconds(-2))}\"}}," +
            $"{{\"lat\":52.37,\"lng\":200,\"recordedAt\":\"{Iso(now.AddSeconds(-1))}\"}}," +
            $"{{\"lat\":52.37,\"lng\":4.89,\"recordedAt\":\"{Iso(now.AddHours(1))}\"}}," +
            $"{{\"lat\":52.37,\"lng\":4.89,\"speedKph\":12,\"heading\":90,\"accuracyM\":4,\"recordedAt\":\"{Iso(now)}\"}}" +
            "]}";
        var (status, result, _) = await PostRawPingsAsync(device, body);

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal(2, result.GetProperty("accepted").GetInt32());
        var rejected = result.GetProperty("rejected").EnumerateArray().Select(r => (r.GetProperty("index").GetInt32(), r.GetProperty("reason").GetString()!)).ToList();
        Assert.Equal([1, 2, 3], rejected.Select(r => r.Item1));
        Assert.StartsWith("lat", rejected[0].Item2, StringComparison.Ordinal);
        Assert.StartsWith("lng", rejected[1].Item2, StringComparison.Ordinal);
        Assert.Contains("future", rejected[2].Item2, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await device.PostAsync("/api/fleet/pings", new { pings = Array.Empty<object>() })).Status);
    }

    [Fact]
    public async Task Forged_revoked_foreign_and_customer_tokens_cannot_post_pings()
    {
        using var admin = await fixture.AdminAsync();
        var (vehicleA, deviceA) = await NewVehicleAsync(admin);
        var (vehicleB, _) = await NewVehicleAsync(admin);
        var ping = new { lat = 52.37, lng = 4.89, recordedAt = DateTimeOffset.UtcNow };

        Assert.Equal(HttpStatusCode.Accepted, (await PostPingsAsync(deviceA, ping)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await deviceA.PostAsync("/api/fleet/pings", new { vehicleId = vehicleB, pings = new[] { ping } })).Status);
        var (malformed, why, kind) = await deviceA.PostAsync("/api/fleet/pings", new { vehicleId = vehicleA + "\u0000", pings = new[] { ping } });
        Assert.Equal(HttpStatusCode.BadRequest, malformed);
        Assert.Equal("application/problem+json", kind);
        Assert.True(why.GetProperty("errors").TryGetProperty("vehicleId", out _), why.ToString());
        using var forged = fixture.Client().As(deviceA.Token![..^4] + "AAAA", "x");
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostPingsAsync(forged, ping)).Status);
        using var customer = await fixture.Client().RegisterAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await PostPingsAsync(customer, ping)).Status);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/fleet/vehicles/{vehicleA}/device-token")).Status);
        var (revoked, problem, _) = await PostPingsAsync(deviceA, new { lat = 52.37, lng = 4.89, recordedAt = DateTimeOffset.UtcNow.AddSeconds(1) });
        Assert.Equal(HttpStatusCode.Forbidden, revoked);
        Assert.Contains("revoked", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_trail_is_in_time_order_without_duplicates_and_the_latest_position_never_goes_back()
    {
        using var admin = await fixture.AdminAsync();
        var (vehicleId, device) = await NewVehicleAsync(admin);
        var t0 = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeSeconds());
        await PostPingsAsync(device, new { lat = 52.30, lng = 4.8, recordedAt = t0.AddSeconds(30) }, new { lat = 52.10, lng = 4.8, recordedAt = t0.AddSeconds(10) });
        var (_, late, _) = await PostPingsAsync(device, new { lat = 52.20, lng = 4.8, recordedAt = t0.AddSeconds(20) }, new { lat = 52.10, lng = 4.8, recordedAt = t0.AddSeconds(10) });
        Assert.Equal(1, late.GetProperty("accepted").GetInt32());

        var (_, trail, _) = await admin.GetAsync($"/api/fleet/vehicles/{vehicleId}/trail?from={Uri.EscapeDataString(Iso(t0))}");
        Assert.Equal([52.10, 52.20, 52.30], trail.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("lat").GetDouble()));
        var (_, vehicle, _) = await admin.GetAsync($"/api/fleet/vehicles/{vehicleId}");
        Assert.Equal(52.30, vehicle.GetProperty("lastPosition").GetProperty("lat").GetDouble());
        var (_, fleet, _) = await admin.GetAsync("/api/fleet/vehicles?limit=200");
        var listed = fleet.GetProperty("items").EnumerateArray().Single(v => v.GetProperty("id").GetString() == vehicleId);
        Assert.Equal(52.30, listed.GetProperty("lastPosition").GetProperty("lat").GetDouble());
    }

    [Fact]
    public async Task Map_viewers_get_coalesced_latest_positions_and_customers_may_not_watch_the_map()
    {
        using var admin = await fixture.AdminAsync();
        var (vehicleId, device) = await NewVehicleAsync(admin);
        await using var map = await admin.ConnectAsync();
        await map.InvokeAsync("JoinMaps");
        using var moved = new EventRecorder(map, "vehicles_moved");

        var start = DateTimeOffset.UtcNow.AddSeconds(-40);
        for (var i = 0; i < 40; i++)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await PostPingsAsync(device, new { lat = 52.0 + i * 0.0001, lng = 4.9, speedKph = 20, recordedAt = start.AddSeconds(i) })).Status);
        }

        var last = await moved.NextMatchingAsync(batch => batch.EnumerateArray().Any(v =>
            v.GetProperty("vehicleId").GetString() == vehicleId && Math.Abs(v.GetProperty("lat").GetDouble() - (52.0 + 39 * 0.0001)) < 1e-9));
        Assert.Single(last.EnumerateArray(), v => v.GetProperty("vehicleId").GetString() == vehicleId);
        Assert.True(moved.Count < 40, $"{moved.Count} batches for 40 pings");

        using var customer = await fixture.Client().RegisterAsync();
        await using var customerTab = await customer.ConnectAsync();
        Assert.Contains("Only staff", (await Assert.ThrowsAsync<HubException>(() => customerTab.InvokeAsync("JoinMaps"))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Locations_are_managed_by_staff_and_map_viewers_see_every_change()
    {
        using var admin = await fixture.AdminAsync();
        await using var map = await admin.ConnectAsync();
        await map.InvokeAsync("JoinMaps");
        using var added = new EventRecorder(map, "location_added");
        using var updated = new EventRecorder(map, "location_updated");
        using var deleted = new EventRecorder(map, "location_deleted");

        var (status, location, _) = await admin.PostAsync("/api/locations", new { name = "Depot", type = "warehouse", lat = 52.1, lng = 4.3, address = "Dock 4" });
        Assert.Equal(HttpStatusCode.Created, status);
        var id = location.GetProperty("id").GetString();
        Assert.Equal(id, (await added.NextMatchingAsync(l => l.GetProperty("id").GetString() == id)).GetProperty("id").GetString());
        await admin.PutAsync($"/api/locations/{id}", new { name = "Main depot", type = "warehouse", lat = 52.1, lng = 4.3 });
        Assert.Equal("Main depot", (await updated.NextMatchingAsync(l => l.GetProperty("id").GetString() == id)).GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/locations/{id}")).Status);
        await deleted.NextMatchingAsync(l => l.GetProperty("id").GetString() == id);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/locations/{id}")).Status);

        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync("/api/locations", new { name = "X", type = "castle", lat = 1, lng = 1 })).Status);
        var (_, kept, _) = await admin.PostAsync("/api/locations", new { name = "Shop", type = "store", lat = 52.2, lng = 4.4 });
        var (_, listed, _) = await admin.GetAsync("/api/locations?limit=200");
        var ids = listed.GetProperty("items").EnumerateArray().Select(l => l.GetProperty("id").GetString()).ToList();
        Assert.Contains(kept.GetProperty("id").GetString(), ids);
        Assert.DoesNotContain(id, ids);
        using var customer = await fixture.Client().RegisterAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync("/api/locations")).Status);
    }

    [Fact]
    public async Task A_delivery_goes_in_transit_reports_eta_arrives_once_despite_jitter_and_completes_the_order()
    {
        using var admin = await fixture.AdminAsync();
        var productId = await admin.CreateProductAsync(stock: 5, price: 10m);
        using var customer = await fixture.Client().RegisterAsync();
        var (_, order, _) = await customer.PostAsync("/api/orders", new { shippingAddress = "Dam 1", items = new[] { new { productId, quantity = 1 } } });
        var orderId = order.GetProperty("id").GetString()!;
        await customer.PostAsync($"/api/orders/{orderId}/payments", new { amount = 10, method = "test_card" });
        var (_, location, _) = await admin.PostAsync("/api/locations", new { name = "Customer", type = "customer", lat = DestinationLat, lng = DestinationLng });
        var (vehicleId, device) = await NewVehicleAsync(admin);

        await using var map = await admin.ConnectAsync();
        await map.InvokeAsync("JoinMaps");
        await using var customerTab = await customer.ConnectAsync();
        await customerTab.InvokeAsync("JoinOrder", orderId);
        using var started = new EventRecorder(customerTab, "delivery_started");
        using var customerUpdates = new EventRecorder(customerTab, "delivery_updated");
        using var mapUpdates = new EventRecorder(map, "delivery_updated");

        var (startStatus, delivery, _) = await admin.PostAsync("/api/deliveries", new { orderId, vehicleId, destinationLocationId = location.GetProperty("id").GetString() });
        Assert.Equal(HttpStatusCode.Created, startStatus);
        var deliveryId = delivery.GetProperty("id").GetString()!;
        Assert.Equal(deliveryId, (await started.NextAsync()).Payload.GetProperty("deliveryId").GetString());
        var (_, inTransit, _) = await admin.GetAsync("/api/orders?status=in_transit&limit=200");
        var listed = inTransit.GetProperty("items").EnumerateArray().Single(o => o.GetProperty("id").GetString() == orderId);
        Assert.Equal(vehicleId, listed.GetProperty("delivery").GetProperty("vehicleId").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync("/api/deliveries", new { orderId, vehicleId, destination = new { lat = 1, lng = 1 } })).Status);

        // Approach from about 1.1 km south at 36 km/h: the first report carries an ETA.
        var t = DateTimeOffset.UtcNow.AddMinutes(-5);
        await PostPingsAsync(device, new { lat = DestinationLat - 0.010, lng = DestinationLng, speedKph = 36, recordedAt = t });
        var eta = await customerUpdates.NextMatchingAsync(d => d.GetProperty("status").GetString() == "en_route");
        Assert.InRange(eta.GetProperty("etaSeconds").GetInt32(), 90, 130);

        // Jitter around the 75 m edge: out (85 m), in (65 m), out, in, in (arrival), then out and in again.
        var offsets = new[] { 0.00076, 0.00058, 0.00077, 0.00059, 0.00060, 0.00080, 0.00050, 0.00079, 0.00055 };
        for (var i = 0; i < offsets.Length; i++)
        {
            await PostPingsAsync(device, new { lat = DestinationLat - offsets[i], lng = DestinationLng, speedKph = 2, accuracyM = 10, recordedAt = t.AddSeconds(60 + i * 5) });
        }

        var arrived = await customerUpdates.NextMatchingAsync(d => d.GetProperty("status").GetString() == "arrived");
        Assert.Equal(0, arrived.GetProperty("etaSeconds").GetInt32());
        await mapUpdates.NextMatchingAsync(d => d.GetProperty("status").GetString() == "arrived");

        var (completeStatus, completed, _) = await admin.PostAsync($"/api/deliveries/{deliveryId}/complete", new { });
        Assert.Equal(HttpStatusCode.OK, completeStatus);
        Assert.Equal("delivered", completed.GetProperty("status").GetString());
        // Once per topic the tab is in (its user topic and the order's).
        await customerUpdates.NextMatchingAsync(d => d.GetProperty("status").GetString() == "delivered");
        await customerUpdates.NextMatchingAsync(d => d.GetProperty("status").GetString() == "delivered");

        // Each topic's events arrive in order, so once a topic's delivered update is here its earlier ones are too: the
        // map saw arrival exactly once, and the customer's tab once per topic it is in.
        await mapUpdates.NextMatchingAsync(d => d.GetProperty("status").GetString() == "delivered");
        Assert.Single(mapUpdates.All, d => d.GetProperty("deliveryId").GetString() == deliveryId && d.GetProperty("status").GetString() == "arrived");
        Assert.Equal(2, customerUpdates.All.Count(d => d.GetProperty("status").GetString() == "arrived"));
        var (_, orderNow, _) = await customer.GetAsync($"/api/orders/{orderId}");
        Assert.Equal("delivered", orderNow.GetProperty("status").GetString());
        var (_, deliveryNow, _) = await admin.GetAsync($"/api/deliveries/{deliveryId}");
        Assert.Equal("delivered", deliveryNow.GetProperty("status").GetString());
        Assert.NotEqual(JsonValueKind.Null, deliveryNow.GetProperty("arrivedAt").ValueKind);
        var (_, active, _) = await admin.GetAsync("/api/deliveries?status=active&limit=200");
        Assert.DoesNotContain(deliveryId, active.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Arrival_counts_pings_not_batches_in_time_order_and_a_late_ping_does_not_count()
    {
        using var admin = await fixture.AdminAsync();
        var productId = await admin.CreateProductAsync(stock: 5, price: 10m);
        using var customer = await fixture.Client().RegisterAsync();
        var (_, order, _) = await customer.PostAsync("/api/orders", new { shippingAddress = "Dam 2", items = new[] { new { productId, quantity = 1 } } });
        var orderId = order.GetProperty("id").GetString()!;
        await customer.PostAsync($"/api/orders/{orderId}/payments", new { amount = 10, method = "test_card" });
        var (vehicleId, device) = await NewVehicleAsync(admin);
        var (_, delivery, _) = await admin.PostAsync("/api/deliveries", new { orderId, vehicleId, destination = new { lat = DestinationLat, lng = DestinationLng } });
        var deliveryId = delivery.GetProperty("id").GetString()!;
        var t = DateTimeOffset.UtcNow.AddMinutes(-5);
        object At(double offset, int second) => new { lat = DestinationLat - offset, lng = DestinationLng, speedKph = 2, accuracyM = 10, recordedAt = t.AddSeconds(second) };
        const double Inside = 0.00050, Outside = 0.00080; // about 56 m and 89 m from a 75 m radius

        // The vehicle's progress is reported before the batch is answered, so the delivery shows it at once.
        async Task<string> StatusAfterAsync(params object[] pings)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await PostPingsAsync(device, pings)).Status);
            return (await admin.GetAsync($"/api/deliveries/{deliveryId}")).Body.GetProperty("status").GetString()!;
        }

        // In time order (the batch is sent shuffled): out, in, out, in: never two in a row.
        Assert.NotEqual("arrived", await StatusAfterAsync(At(Inside, 3), At(Outside, 0), At(Outside, 2), At(Inside, 1)));

        // A late ping inside the radius is stored but does not count: the vehicle was already further on.
        Assert.NotEqual("arrived", await StatusAfterAsync(At(Inside, -10)));
        Assert.NotEqual("arrived", await StatusAfterAsync(At(Outside, 4)));

        // One batch holding two consecutive pings inside arrives, though its last ping is outside again.
        Assert.Equal("arrived", await StatusAfterAsync(At(Outside, 5), At(Inside, 6), At(Inside, 7), At(Outside, 8)));
    }

    [Fact]
    public async Task A_customer_cannot_see_or_watch_another_customers_delivery()
    {
        using var admin = await fixture.AdminAsync();
        var productId = await admin.CreateProductAsync(stock: 5, price: 1m);
        using var owner = await fixture.Client().RegisterAsync();
        using var other = await fixture.Client().RegisterAsync();
        var (_, order, _) = await owner.PostAsync("/api/orders", new { shippingAddress = "Here", items = new[] { new { productId, quantity = 1 } } });
        var orderId = order.GetProperty("id").GetString()!;
        await owner.PostAsync($"/api/orders/{orderId}/payments", new { amount = 1, method = "test_card" });
        var (vehicleId, _) = await NewVehicleAsync(admin);
        var (_, delivery, _) = await admin.PostAsync("/api/deliveries", new { orderId, vehicleId, destination = new { lat = 52.0, lng = 4.0 } });
        var deliveryId = delivery.GetProperty("id").GetString();

        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/api/deliveries/{deliveryId}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/deliveries/{deliveryId}")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync("/api/deliveries")).Status);
        await using var otherTab = await other.ConnectAsync();
        await Assert.ThrowsAsync<HubException>(() => otherTab.InvokeAsync("JoinOrder", orderId));
    }

    [Fact]
    public async Task The_heatmap_weighs_time_spent_not_pings()
    {
        using var admin = await fixture.AdminAsync();
        var (_, device) = await NewVehicleAsync(admin);
        var t0 = DateTimeOffset.UtcNow.AddHours(-2);
        // Parked for ten minutes (a ping a minute) far south, then five quick pings driving through a cell further north.
        var pings = Enumerable.Range(0, 11).Select(i => (object)new { lat = -40.0, lng = 170.0, speedKph = 0, recordedAt = t0.AddMinutes(i) })
            .Concat(Enumerable.Range(0, 5).Select(i => (object)new { lat = -39.0 + i * 0.0001, lng = 170.0, speedKph = 50, recordedAt = t0.AddMinutes(10).AddSeconds(1 + i) }))
            .ToArray();
        Assert.Equal(16, (await PostPingsAsync(device, pings)).Body.GetProperty("accepted").GetInt32());

        var (_, cells, _) = await admin.GetAsync($"/api/fleet/heatmap?from={Uri.EscapeDataString(Iso(t0.AddMinutes(-1)))}&to={Uri.EscapeDataString(Iso(t0.AddMinutes(11)))}&cellMeters=500");
        var parked = cells.EnumerateArray().Single(c => Math.Abs(c.GetProperty("lat").GetDouble() + 40.0) < 0.01);
        var passing = cells.EnumerateArray().Single(c => Math.Abs(c.GetProperty("lat").GetDouble() + 39.0) < 0.01);
        Assert.Equal(600 + 1, parked.GetProperty("seconds").GetDouble());
        Assert.Equal(11, parked.GetProperty("pings").GetInt64());
        Assert.Equal(4, passing.GetProperty("seconds").GetDouble());
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/fleet/heatmap?cellMeters=1")).Status);
    }

    [Fact]
    public async Task Pings_without_lat_or_lng_are_refused_one_by_one_and_never_stored_at_zero_zero()
    {
        using var admin = await fixture.AdminAsync();
        var (vehicleId, device) = await NewVehicleAsync(admin);
        var now = DateTimeOffset.UtcNow;
        var body = "{\"pings\":[" +
            $"{{\"lng\":4.89,\"recordedAt\":\"{Iso(now.AddSeconds(-5))}\"}}," +
            $"{{\"lat\":52.37,\"lng\":4.89,\"recordedAt\":\"{Iso(now.AddSeconds(-4))}\"}}," +
            $"{{\"lat\":52.37,\"recordedAt\":\"{Iso(now.AddSeconds(-3))}\"}}," +
            $"{{\"lat\":52.37,\"lng\":400,\"recordedAt\":\"{Iso(now.AddSeconds(-2))}\"}}," +
            $"{{\"lat\":null,\"lng\":null,\"recordedAt\":\"{Iso(now.AddSeconds(-1))}\"}}," +
            $"{{\"lat\":52.371,\"lng\":4.891,\"recordedAt\":\"{Iso(now)}\"}}" +
            "]}";

        var (status, result, _) = await PostRawPingsAsync(device, body);

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal(2, result.GetProperty("accepted").GetInt32());
        var rejected = result.GetProperty("rejected").EnumerateArray().Select(r => (Index: r.GetProperty("index").GetInt32(), Reason: r.GetProperty("reason").GetString()!)).ToList();
        Assert.Equal([0, 2, 3, 4], rejected.Select(r => r.Index));
        Assert.Equal("lat and lng are required", rejected[0].Reason);
        Assert.Equal("lat and lng are required", rejected[1].Reason);
        Assert.StartsWith("lng must be", rejected[2].Reason, StringComparison.Ordinal);
        Assert.Equal("lat and lng are required", rejected[3].Reason);

        var (_, trail, _) = await admin.GetAsync($"/api/fleet/vehicles/{vehicleId}/trail");
        var points = trail.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(2, points.Count);
        Assert.DoesNotContain(points, p => p.GetProperty("lat").GetDouble() == 0 || p.GetProperty("lng").GetDouble() == 0);
    }

    [Fact]
    public async Task A_batch_of_only_positionless_pings_is_answered_with_each_refused()
    {
        using var admin = await fixture.AdminAsync();
        var (_, device) = await NewVehicleAsync(admin);

        var (status, result, _) = await device.PostAsync("/api/fleet/pings", new { pings = new[] { new { recordedAt = DateTimeOffset.UtcNow } } });

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal(0, result.GetProperty("accepted").GetInt32());
        Assert.Equal("lat and lng are required", Assert.Single(result.GetProperty("rejected").EnumerateArray()).GetProperty("reason").GetString());
    }
}
