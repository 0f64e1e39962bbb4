using System.Globalization;
using Microsoft.Playwright;
using OmniBiz.WebHost.Tests.Common;

namespace OmniBiz.Dashboard.Tests;

[Collection(BrowserCollection.Name)]
public sealed class MapsTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Pings_posted_over_rest_move_the_vehicle_marker_on_the_map()
    {
        var (staffEmail, staff) = await People.StaffAsync(fixture);
        var (created, vehicle, _) = await staff.PostAsync("/api/fleet/vehicles", new { name = "Van 7", plate = "MAP-007" });
        Assert.True((int)created < 300, vehicle.ToString());
        var vehicleId = People.Id(vehicle);
        var (_, token, _) = await staff.PostAsync($"/api/fleet/vehicles/{vehicleId}/device-token", new { });
        using var device = fixture.Client().As(token.GetProperty("token").GetString()!, vehicleId);
        await PingAsync(device, 52.5200, 13.4050, DateTimeOffset.UtcNow.AddSeconds(-20));

        await using var tab = await fixture.OpenAsync();
        await tab.SignInAsync(staffEmail, People.Password);
        await tab.Page.GotoAsync("/maps");
        var marker = tab.Page.Locator($"[data-testid='vehicle-marker'][data-vehicle-id='{vehicleId}']");
        await Assertions.Expect(marker).ToHaveAttributeAsync("data-lat", "52.52");
        var before = await marker.GetAttributeAsync("transform");

        // The page never reloads: vehicles_moved moves the marker.
        await PingAsync(device, 52.5300, 13.4150, DateTimeOffset.UtcNow);
        await Assertions.Expect(marker).ToHaveAttributeAsync("data-lat", "52.53");
        await Assertions.Expect(marker).ToHaveAttributeAsync("data-lng", "13.415");
        Assert.NotEqual(before, await marker.GetAttributeAsync("transform"));
        await fixture.ScreenshotAsync(tab.Page, "maps");
        Assert.Empty(tab.Errors);
    }

    private static async Task PingAsync(ApiClient device, double lat, double lng, DateTimeOffset at)
    {
        var (status, body, _) = await device.PostAsync("/api/fleet/pings", new
        {
            pings = new[] { new { lat, lng, speedKph = 30.0, heading = 45.0, recordedAt = at.ToString("O", CultureInfo.InvariantCulture) } },
        });
        Assert.True((int)status < 300, body.ToString());
        Assert.Equal(1, body.GetProperty("accepted").GetInt32());
    }
}
