using System.Globalization;
using Microsoft.Playwright;

namespace OmniBiz.Dashboard.Tests;

[Collection(BrowserCollection.Name)]
public sealed class SessionsTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_host_and_a_guest_from_an_emailed_link_connect_over_webrtc_signaled_through_the_hub_with_video_flowing()
    {
        var (hostEmail, host) = await People.StaffAsync(fixture, "host");
        var (created, session, _) = await host.PostAsync("/api/sessions", new
        {
            title = "Weekly sync",
            kind = "meeting",
            scheduledAt = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            durationMinutes = 30,
        });
        Assert.True((int)created < 300, session.ToString());
        var sessionId = People.Id(session);
        var (invited, links, _) = await host.PostAsync($"/api/sessions/{sessionId}/invitations", new { emails = new[] { "guest@example.test" } });
        Assert.True((int)invited < 300, links.ToString());
        var joinPath = new Uri(links[0].GetProperty("joinUrl").GetString()!).PathAndQuery;
        var (started, startBody, _) = await host.PostAsync($"/api/sessions/{sessionId}/start", new { });
        Assert.True((int)started < 300, startBody.ToString());

        await using var hostTab = await fixture.OpenAsync();
        await hostTab.SignInAsync(hostEmail, People.Password);
        await hostTab.Page.GotoAsync("/sessions");
        await Assertions.Expect(hostTab.Page.Locator($"[data-testid='session-row'][data-session-id='{sessionId}']")).ToBeVisibleAsync();
        await fixture.ScreenshotAsync(hostTab.Page, "sessions");
        await hostTab.Page.GotoAsync($"/sessions/{sessionId}/room");
        await Assertions.Expect(hostTab.Page.GetByTestId("room-status")).ToHaveTextAsync("Live");

        // The guest has no account: the link from the e-mail and a name are enough.
        await using var guestTab = await fixture.OpenAsync();
        await guestTab.Page.GotoAsync(joinPath);
        await guestTab.Page.GetByLabel("Your name").FillAsync("Gina Guest");
        await guestTab.Page.GetByRole(AriaRole.Button, new() { Name = "Join as a guest" }).ClickAsync();
        await Assertions.Expect(guestTab.Page.GetByTestId("room-status")).ToHaveTextAsync("Live");

        foreach (var tab in new[] { hostTab, guestTab })
        {
            var remote = tab.Page.GetByTestId("remote");
            await Assertions.Expect(remote).ToHaveCountAsync(1);
            await Assertions.Expect(remote.GetByTestId("peer-state")).ToHaveTextAsync("connected", new() { Timeout = 30_000 });
            var participantId = await remote.GetAttributeAsync("data-participant-id");
            // Frames decoded from the other side's fake camera.
            await tab.Page.WaitForFunctionAsync("id => window.omnibiz.remoteFrames(id) > 0", participantId, new() { Timeout = 20_000 });
            Assert.True(await tab.Page.EvaluateAsync<bool>(
                "id => document.getElementById('remote-' + id).srcObject.getVideoTracks().length > 0", participantId));
        }

        await fixture.ScreenshotAsync(hostTab.Page, "session-room");
        Assert.Empty(hostTab.Errors);
        Assert.Empty(guestTab.Errors);
    }
}
