using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using OmniBiz.WebHost.Tests.Common;

namespace OmniBiz.WebHost.Tests.Fleet;

[Collection(NodeCollection.Name)]
public sealed class PingPositionTests(NodeFixture fixture)
{
    private static string Iso(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Pings_without_lat_or_lng_are_refused_one_by_one_and_never_stored_at_zero_zero()
    {
        using var admin = await fixture.AdminAsync();
        var (_, vehicle, _) = await admin.PostAsync("/api/fleet/vehicles", new { name = "Van", plate = "NO-POS" });
        var vehicleId = vehicle.GetProperty("id").GetString()!;
        var (_, token, _) = await admin.PostAsync($"/api/fleet/vehicles/{vehicleId}/device-token", new { });
        using var device = fixture.Client().As(token.GetProperty("token").GetString()!, $"device:{vehicleId}");
        var now = DateTimeOffset.UtcNow;
        var body = "{\"pings\":[" +
            $"{{\"lng\":4.89,\"recordedAt\":\"{Iso(now.AddSeconds(-5))}\"}}," +
            $"{{\"lat\":52.37,\"lng\":4.89,\"recordedAt\":\"{Iso(now.AddSeconds(-4))}\"}}," +
            $"{{\"lat\":52.37,\"recordedAt\":\"{Iso(now.AddSeconds(-3))}\"}}," +
            $"{{\"lat\":52.37,\"lng\":400,\"recordedAt\":\"{Iso(now.AddSeconds(-2))}\"}}," +
            $"{{\"lat\":null,\"lng\":null,\"recordedAt\":\"{Iso(now.AddSeconds(-1))}\"}}," +
            $"{{\"lat\":52.371,\"lng\":4.891,\"recordedAt\":\"{Iso(now)}\"}}" +
            "]}";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/fleet/pings") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", device.Token);

        var (status, result, _) = await device.SendAsync(request);

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
        var (_, vehicle, _) = await admin.PostAsync("/api/fleet/vehicles", new { name = "Van", plate = "NO-POS-2" });
        var vehicleId = vehicle.GetProperty("id").GetString()!;
        var (_, token, _) = await admin.PostAsync($"/api/fleet/vehicles/{vehicleId}/device-token", new { });
        using var device = fixture.Client().As(token.GetProperty("token").GetString()!, $"device:{vehicleId}");

        var (status, result, _) = await device.PostAsync("/api/fleet/pings", new { pings = new[] { new { recordedAt = DateTimeOffset.UtcNow } } });

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal(0, result.GetProperty("accepted").GetInt32());
        Assert.Equal("lat and lng are required", Assert.Single(result.GetProperty("rejected").EnumerateArray()).GetProperty("reason").GetString());
    }
}
