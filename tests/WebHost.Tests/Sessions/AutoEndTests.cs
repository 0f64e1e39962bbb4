using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using OmniBiz.WebHost.Tests.Common;

namespace OmniBiz.WebHost.Tests.Sessions;

[Collection(SessionsCollection.Name)]
public sealed class AutoEndTests(SessionsNodeFixture fixture)
{
    [Fact]
    public async Task A_live_session_left_empty_for_the_empty_timeout_ends_and_says_so()
    {
        using var admin = await fixture.AdminAsync();
        var id = await SessionHelpers.CreateAsync(admin);
        var token = SessionHelpers.TokenOf((await SessionHelpers.InviteAsync(admin, id, [SessionHelpers.Email("late")]))[0]);
        await using var hostTab = await admin.ConnectAsync();
        using var ended = new EventRecorder(hostTab, "session_ended");
        await hostTab.InvokeAsync<JsonElement>("JoinSession", id, null);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/sessions/{id}/start", new { })).Status);

        // Seated, it stays live past the timeout; empty, it ends after it.
        var emptied = Stopwatch.StartNew();
        await hostTab.InvokeAsync("LeaveSession", id);
        // The admin hosts other tests' sessions too, and hears their ends on its user topic: wait for this one's.
        JsonElement payload;
        try
        {
            payload = await ended.NextMatchingAsync(e => e.GetProperty("sessionId").GetString() == id, SessionsNodeFixture.EmptyTimeout * 4);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"no session_ended after {emptied.Elapsed}; the session now: {(await admin.GetAsync($"/api/sessions/{id}")).Body}");
            throw;
        }

        Assert.True(emptied.Elapsed >= SessionsNodeFixture.EmptyTimeout - TimeSpan.FromSeconds(1), $"ended after {emptied.Elapsed}");
        Assert.Equal(id, payload.GetProperty("sessionId").GetString());
        Assert.Equal("ended", payload.GetProperty("status").GetString());
        Assert.Equal("ended", (await admin.GetAsync($"/api/sessions/{id}")).Body.GetProperty("status").GetString());
        using var anonymous = fixture.Client();
        Assert.Equal(HttpStatusCode.Conflict, (await anonymous.GetAsync($"/api/sessions/join/{token}")).Status);
    }
}
