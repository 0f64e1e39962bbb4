using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using OmniBiz.WebHost.Tests.Common;

namespace OmniBiz.WebHost.Tests.Sessions;

[Collection(SessionsCollection.Name)]
public sealed class SignalingTests(SessionsNodeFixture fixture)
{
    private sealed record Seat(ApiClient Client, HubConnection Tab, string ParticipantId) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Tab.DisposeAsync();
            Client.Dispose();
        }
    }

    private async Task<Seat> JoinAsGuestAsync(string sessionId, JsonElement invitation, string name)
    {
        var token = SessionHelpers.TokenOf(invitation);
        var guest = await SessionHelpers.GuestAsync(fixture.Node.Address, token, name);
        var tab = await guest.ConnectAsync();
        var seat = await tab.InvokeAsync<JsonElement>("JoinSession", sessionId, token);
        return new Seat(guest, tab, seat.GetProperty("participantId").GetString()!);
    }

    [Fact]
    public async Task Webinar_attendees_may_not_offer_presenters_may_and_non_participants_cannot_signal()
    {
        using var admin = await fixture.AdminAsync();
        var id = await SessionHelpers.CreateAsync(admin, kind: "webinar");
        var attendeeInvite = (await SessionHelpers.InviteAsync(admin, id, [SessionHelpers.Email("attendee")]))[0];
        var presenterInvite = (await SessionHelpers.InviteAsync(admin, id, [SessionHelpers.Email("presenter")], role: "presenter"))[0];
        Assert.Equal(System.Net.HttpStatusCode.OK, (await admin.PostAsync($"/api/sessions/{id}/start", new { })).Status);
        await using var attendee = await JoinAsGuestAsync(id, attendeeInvite, "Attendee");
        await using var presenter = await JoinAsGuestAsync(id, presenterInvite, "Presenter");
        using var atAttendee = new EventRecorder(attendee.Tab, "signal");

        var refused = await Assert.ThrowsAsync<HubException>(() =>
            attendee.Tab.InvokeAsync("Signal", id, presenter.ParticipantId, new { type = "offer", sdp = "v=0" }));
        Assert.Contains("attendees", refused.Message, StringComparison.Ordinal);

        // An attendee still answers, and a presenter offers.
        await attendee.Tab.InvokeAsync("Signal", id, presenter.ParticipantId, new { type = "answer", sdp = "v=0" });
        await presenter.Tab.InvokeAsync("Signal", id, attendee.ParticipantId, new { type = "offer", sdp = "v=0 presenter" });
        var (arrived, _) = await atAttendee.NextAsync();
        Assert.Equal(presenter.ParticipantId, arrived.GetProperty("fromParticipantId").GetString());
        Assert.Equal("v=0 presenter", arrived.GetProperty("signal").GetProperty("sdp").GetString());

        // Someone who holds no seat (a signed-in customer, the host before joining) cannot signal.
        using var customer = await fixture.Client().RegisterAsync();
        await using var outsider = await customer.ConnectAsync();
        var notMember = await Assert.ThrowsAsync<HubException>(() => outsider.InvokeAsync("Signal", id, attendee.ParticipantId, new { type = "offer", sdp = "x" }));
        Assert.Contains("not a participant", notMember.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<HubException>(() => outsider.InvokeAsync<JsonElement>("JoinSession", id, null));

        // Oversized signals are refused with a reason, and the connection stays.
        var big = new string('a', 70 * 1024);
        var tooBig = await Assert.ThrowsAsync<HubException>(() => presenter.Tab.InvokeAsync("Signal", id, attendee.ParticipantId, new { type = "offer", sdp = big }));
        Assert.Contains("at most", tooBig.Message, StringComparison.Ordinal);
        Assert.Equal(HubConnectionState.Connected, presenter.Tab.State);
    }

    [Fact]
    public async Task Signals_beyond_the_per_participant_rate_are_refused_with_a_reason()
    {
        using var admin = await fixture.AdminAsync();
        var id = await SessionHelpers.CreateAsync(admin);
        var invitations = await SessionHelpers.InviteAsync(admin, id, [SessionHelpers.Email("a"), SessionHelpers.Email("b")]);
        await using var a = await JoinAsGuestAsync(id, invitations[0], "A");
        await using var b = await JoinAsGuestAsync(id, invitations[1], "B");
        using var atB = new EventRecorder(b.Tab, "signal");
        for (var i = 0; i < SessionsNodeFixture.SignalLimit; i++)
        {
            await a.Tab.InvokeAsync("Signal", id, b.ParticipantId, new { type = "candidate", candidate = $"c{i}" });
        }

        var limited = await Assert.ThrowsAsync<HubException>(() => a.Tab.InvokeAsync("Signal", id, b.ParticipantId, new { type = "candidate", candidate = "over" }));
        Assert.Contains("Rate limited", limited.Message, StringComparison.Ordinal);
        // B's own budget is untouched.
        await b.Tab.InvokeAsync("Signal", id, a.ParticipantId, new { type = "candidate", candidate = "from b" });
        for (var i = 0; i < SessionsNodeFixture.SignalLimit; i++)
        {
            await atB.NextAsync();
        }
    }

    [Fact]
    public async Task A_dropped_participant_who_rejoins_within_the_grace_keeps_its_seat_silently_and_after_the_grace_leaves_once()
    {
        using var admin = await fixture.AdminAsync();
        var id = await SessionHelpers.CreateAsync(admin, capacity: 3);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await admin.PostAsync($"/api/sessions/{id}/start", new { })).Status);
        await using var hostTab = await admin.ConnectAsync();
        await hostTab.InvokeAsync<JsonElement>("JoinSession", id, null);
        using var joined = new EventRecorder(hostTab, "participant_joined");
        using var left = new EventRecorder(hostTab, "participant_left");
        var invitations = await SessionHelpers.InviteAsync(admin, id, [SessionHelpers.Email("drop"), SessionHelpers.Email("marker")]);
        var token = SessionHelpers.TokenOf(invitations[0]);

        using var guest = await SessionHelpers.GuestAsync(fixture.Node.Address, token, "Dropper");
        var tab = await guest.ConnectAsync();
        var first = await tab.InvokeAsync<JsonElement>("JoinSession", id, token);
        var participantId = first.GetProperty("participantId").GetString();
        // The host hears its own seat first (it joined its topics before the seat was granted), then the guest's.
        var joinedEvent = await joined.NextMatchingAsync(e => e.GetProperty("participantId").GetString() == participantId);
        var joinVersion = joinedEvent.GetProperty("version").GetInt64();

        // The connection drops and comes back within the grace: same participant, no left/joined pair.
        await tab.DisposeAsync();
        tab = await guest.ConnectAsync();
        var again = await tab.InvokeAsync<JsonElement>("JoinSession", id, token);
        Assert.Equal(participantId, again.GetProperty("participantId").GetString());
        Assert.True(again.GetProperty("rejoined").GetBoolean());
        Assert.Equal(2, again.GetProperty("participants").GetArrayLength());

        // A marker joins after the rejoin: its event is the next the host hears, so nothing was published in between.
        using var markerGuest = await SessionHelpers.GuestAsync(fixture.Node.Address, SessionHelpers.TokenOf(invitations[1]), "Marker");
        await using var markerTab = await markerGuest.ConnectAsync();
        await markerTab.InvokeAsync<JsonElement>("JoinSession", id, SessionHelpers.TokenOf(invitations[1]));
        Assert.Equal("Marker", (await joined.NextAsync()).Payload.GetProperty("displayName").GetString());
        Assert.Equal(0, left.Count);

        // Its seat is held while it is away: capacity 3 is full (host, dropper, marker).
        var extraToken = SessionHelpers.TokenOf((await SessionHelpers.InviteAsync(admin, id, [SessionHelpers.Email("extra")]))[0]);
        using var extra = await SessionHelpers.GuestAsync(fixture.Node.Address, extraToken, "Extra");
        await using var extraTab = await extra.ConnectAsync();
        var full = await Assert.ThrowsAsync<HubException>(() => extraTab.InvokeAsync<JsonElement>("JoinSession", id, extraToken));
        Assert.Contains("full", full.Message, StringComparison.Ordinal);

        // Dropped for longer than the grace: exactly one participant_left, with a newer version.
        await tab.DisposeAsync();
        var leftEvent = (await left.NextAsync(SessionsNodeFixture.DepartureGrace * 4)).Payload;
        Assert.Equal(participantId, leftEvent.GetProperty("participantId").GetString());
        Assert.True(leftEvent.GetProperty("version").GetInt64() > joinVersion);
        await markerTab.InvokeAsync("LeaveSession", id);
        Assert.Equal("Marker", (await left.NextAsync()).Payload.GetProperty("displayName").GetString());
        Assert.Single(left.All, e => e.GetProperty("participantId").GetString() == participantId);
        Assert.Equal(1, (await admin.GetAsync($"/api/sessions/{id}")).Body.GetProperty("participantCount").GetInt32());
    }
}
