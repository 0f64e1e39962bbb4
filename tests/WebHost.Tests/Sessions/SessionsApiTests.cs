using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using MimeKit;
using OmniBiz.Tests.Shared;
using OmniBiz.WebHost.Tests.Common;

namespace OmniBiz.WebHost.Tests.Sessions;

[Collection(SessionsCollection.Name)]
public sealed class SessionsApiTests(SessionsNodeFixture fixture)
{
    [Fact]
    public async Task Hosts_schedule_invitees_see_their_sessions_and_others_do_not()
    {
        using var admin = await fixture.AdminAsync();
        var email = SessionHelpers.Email("invitee");
        using var invitee = await fixture.Client().RegisterAsync(email);
        using var stranger = await fixture.Client().RegisterAsync();
        var id = await SessionHelpers.CreateAsync(admin, title: "Quarterly review");

        var (status, session, _) = await admin.GetAsync($"/api/sessions/{id}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("scheduled", session.GetProperty("status").GetString());
        Assert.Equal(100, session.GetProperty("capacity").GetInt32());
        Assert.Equal(admin.UserId, session.GetProperty("hostId").GetString());

        Assert.Equal(HttpStatusCode.NotFound, (await invitee.GetAsync($"/api/sessions/{id}")).Status);
        await using var tab = await invitee.ConnectAsync();
        using var invited = new EventRecorder(tab, "session_invited");
        await SessionHelpers.InviteAsync(admin, id, [email.ToUpperInvariant()]);
        Assert.Equal(id, (await invited.NextAsync()).Payload.GetProperty("sessionId").GetString());

        Assert.Equal(HttpStatusCode.OK, (await invitee.GetAsync($"/api/sessions/{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/sessions/{id}")).Status);
        var listed = (await invitee.GetAsync("/api/sessions?status=upcoming")).Body.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("id").GetString()).ToList();
        Assert.Contains(id, listed);
        Assert.DoesNotContain(id, (await stranger.GetAsync("/api/sessions")).Body.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        Assert.Contains(id, (await admin.GetAsync("/api/sessions?status=upcoming&limit=200")).Body.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("id").GetString()));

        // A host-only call by an invitee is refused; a reschedule reaches the invitee online.
        Assert.Equal(HttpStatusCode.Forbidden, (await invitee.PostAsync($"/api/sessions/{id}/invitations", new { emails = new[] { "x@example.com" } })).Status);
        using var updated = new EventRecorder(tab, "session_updated");
        var later = DateTimeOffset.UtcNow.AddDays(2);
        var (moved, rescheduled, _) = await admin.PostAsync($"/api/sessions/{id}/reschedule", new { scheduledAt = later, durationMinutes = 45 });
        Assert.Equal(HttpStatusCode.OK, moved);
        Assert.Equal(45, rescheduled.GetProperty("durationMinutes").GetInt32());
        Assert.Equal(45, (await updated.NextAsync()).Payload.GetProperty("durationMinutes").GetInt32());

        // Cancelling tells the invitee and admits no one after.
        using var ended = new EventRecorder(tab, "session_ended");
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/sessions/{id}/cancel", new { })).Status);
        Assert.Equal("cancelled", (await ended.NextAsync()).Payload.GetProperty("status").GetString());
        var ex = await Assert.ThrowsAsync<HubException>(() => tab.InvokeAsync<JsonElement>("JoinSession", id, null));
        Assert.Contains("cancelled", ex.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync($"/api/sessions/{id}/start", new { })).Status);
    }

    [Fact]
    public async Task Bad_input_is_refused_with_problem_details()
    {
        using var admin = await fixture.AdminAsync();
        using var customer = await fixture.Client().RegisterAsync();
        var soon = DateTimeOffset.UtcNow.AddHours(1);

        async Task ExpectAsync(HttpStatusCode expected, Task<(HttpStatusCode Status, JsonElement Body, string? ContentType)> call, string? field = null)
        {
            var (status, body, contentType) = await call;
            Assert.True(status == expected, $"expected {expected}, got {status}: {body}");
            Assert.Equal("application/problem+json", contentType);
            if (field is not null)
            {
                Assert.True(body.GetProperty("errors").TryGetProperty(field, out _), body.ToString());
            }
        }

        await ExpectAsync(HttpStatusCode.BadRequest, admin.PostAsync("/api/sessions", new { title = "t", kind = "meeting", scheduledAt = soon, durationMinutes = 30, capacity = 0 }), "capacity");
        await ExpectAsync(HttpStatusCode.BadRequest, admin.PostAsync("/api/sessions", new { title = "t", kind = "meeting", scheduledAt = soon, durationMinutes = 30, capacity = 101 }), "capacity");
        await ExpectAsync(HttpStatusCode.BadRequest, admin.PostAsync("/api/sessions", new { title = "t", kind = "meeting", scheduledAt = DateTimeOffset.UtcNow.AddHours(-2), durationMinutes = 30 }), "scheduledAt");
        await ExpectAsync(HttpStatusCode.BadRequest, admin.PostAsync("/api/sessions", new { title = "t", kind = "party", scheduledAt = soon, durationMinutes = 30 }), "kind");
        await ExpectAsync(HttpStatusCode.Forbidden, customer.PostAsync("/api/sessions", new { title = "t", kind = "meeting", scheduledAt = soon, durationMinutes = 30 }));

        var id = await SessionHelpers.CreateAsync(admin);
        await ExpectAsync(HttpStatusCode.BadRequest, admin.PostAsync($"/api/sessions/{id}/invitations", new { emails = new[] { "someone@example.com", "not an address" } }), "emails[1]");
        await ExpectAsync(HttpStatusCode.BadRequest, admin.PostAsync($"/api/sessions/{id}/invitations", new { emails = Array.Empty<string>() }), "emails");
        var many = Enumerable.Range(0, 10_000).Select(i => $"person{i}@example.com").ToArray();
        await ExpectAsync(HttpStatusCode.BadRequest, admin.PostAsync($"/api/sessions/{id}/invitations", new { emails = many }), "emails");
        await ExpectAsync(HttpStatusCode.NotFound, admin.GetAsync("/api/sessions/no-such-session"));
        await ExpectAsync(HttpStatusCode.NotFound, admin.PostAsync("/api/sessions/no-such-session/invitations", new { emails = new[] { "a@example.com" } }));

        // Forged links: a made-up token, and a real one with its signature changed.
        var invitation = (await SessionHelpers.InviteAsync(admin, id, [SessionHelpers.Email("forged")]))[0];
        var token = SessionHelpers.TokenOf(invitation);
        using var anonymous = fixture.Client();
        await ExpectAsync(HttpStatusCode.NotFound, anonymous.GetAsync("/api/sessions/join/made-up"));
        var forged = token[..^4] + (token[^4..] == "AAAA" ? "BBBB" : "AAAA");
        await ExpectAsync(HttpStatusCode.NotFound, anonymous.GetAsync($"/api/sessions/join/{forged}"));
        await ExpectAsync(HttpStatusCode.NotFound, anonymous.PostAsync($"/api/sessions/join/{forged}", new { displayName = "Mallory" }));
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/api/sessions/join/{token}")).Status);

        // Revoked: 403. Ended: 409.
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/sessions/{id}/invitations/{invitation.GetProperty("invitationId").GetString()}")).Status);
        await ExpectAsync(HttpStatusCode.Forbidden, anonymous.GetAsync($"/api/sessions/join/{token}"));
        await ExpectAsync(HttpStatusCode.Forbidden, anonymous.PostAsync($"/api/sessions/join/{token}", new { displayName = "Eve" }));
        var kept = SessionHelpers.TokenOf((await SessionHelpers.InviteAsync(admin, id, [SessionHelpers.Email("kept")]))[0]);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/sessions/{id}/start", new { })).Status);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/sessions/{id}/end", new { })).Status);
        await ExpectAsync(HttpStatusCode.Conflict, anonymous.GetAsync($"/api/sessions/join/{kept}"));
        await ExpectAsync(HttpStatusCode.Conflict, anonymous.PostAsync($"/api/sessions/join/{kept}", new { displayName = "Late" }));
        await ExpectAsync(HttpStatusCode.BadRequest, anonymous.PostAsync($"/api/sessions/join/{kept}", new { displayName = "" }), "displayName");
    }

    [Fact]
    public async Task An_invitation_is_mailed_with_its_own_link_and_a_calendar_file_and_a_guest_joins_from_it_without_an_account()
    {
        using var admin = await fixture.AdminAsync();
        var id = await SessionHelpers.CreateAsync(admin, title: "Launch, webinar; live");
        var (ann, bob) = (SessionHelpers.Email("ann"), SessionHelpers.Email("bob"));
        var invitations = await SessionHelpers.InviteAsync(admin, id, [ann, bob]);
        Assert.All(invitations, i => Assert.Equal("pending", i.GetProperty("mailStatus").GetString()));
        var annInvitation = invitations.Single(i => i.GetProperty("email").GetString() == ann);
        var annUrl = annInvitation.GetProperty("joinUrl").GetString()!;
        Assert.StartsWith("https://omnibiz.example/sessions/join/", annUrl, StringComparison.Ordinal);
        Assert.NotEqual(annUrl, invitations.Single(i => i.GetProperty("email").GetString() == bob).GetProperty("joinUrl").GetString());

        var mail = await fixture.Smtp.NextToAsync(ann, TimeSpan.FromSeconds(30));
        Assert.Contains("Launch, webinar; live", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("UTC", mail.Subject!, StringComparison.Ordinal);
        Assert.Contains(annUrl, mail.TextBody!, StringComparison.Ordinal);
        var ics = mail.Attachments.OfType<MimePart>().Single(a => a.ContentType.MimeType == "text/calendar");
        using var icsStream = new MemoryStream();
        await ics.Content!.DecodeToAsync(icsStream);
        var calendar = Encoding.UTF8.GetString(icsStream.ToArray());
        Assert.StartsWith("BEGIN:VCALENDAR\r\n", calendar, StringComparison.Ordinal);
        Assert.EndsWith("END:VCALENDAR\r\n", calendar, StringComparison.Ordinal);
        Assert.All(calendar.Split("\r\n"), line => Assert.True(Encoding.UTF8.GetByteCount(line) <= 75, line));
        var unfolded = calendar.Replace("\r\n ", "", StringComparison.Ordinal);
        Assert.Contains("SUMMARY:Launch\\, webinar\\; live\r\n", unfolded, StringComparison.Ordinal);
        Assert.Contains($"URL:{annUrl}\r\n", unfolded, StringComparison.Ordinal);
        var session = (await admin.GetAsync($"/api/sessions/{id}")).Body;
        Assert.Contains($"DTSTART:{session.GetProperty("scheduledAt").GetDateTimeOffset().UtcDateTime:yyyyMMdd'T'HHmmss'Z'}\r\n", unfolded, StringComparison.Ordinal);
        Assert.Contains("BEGIN:VEVENT", unfolded, StringComparison.Ordinal);
        Assert.Contains("DTEND:", unfolded, StringComparison.Ordinal);

        await Eventually.UntilAsync(
            async () => (await admin.GetAsync($"/api/sessions/{id}/invitations")).Body.EnumerateArray().Count(i => i.GetProperty("mailStatus").GetString() == "sent"),
            sent => sent == 2, TimeSpan.FromSeconds(30), "both invitations to show as sent");

        // The guest opens the link, gets a token for this session only, and joins it.
        using var anonymous = fixture.Client();
        var (opened, link, _) = await anonymous.GetAsync($"/api/sessions/join/{SessionHelpers.TokenOf(annUrl)}");
        Assert.Equal(HttpStatusCode.OK, opened);
        Assert.Equal(id, link.GetProperty("session").GetProperty("id").GetString());
        using var guest = await SessionHelpers.GuestAsync(fixture.Node.Address, SessionHelpers.TokenOf(annUrl), "Ann Guest");
        await using var tab = await guest.ConnectAsync();
        var seat = await tab.InvokeAsync<JsonElement>("JoinSession", id, SessionHelpers.TokenOf(annUrl));
        Assert.Equal("Ann Guest", seat.GetProperty("displayName").GetString());
        Assert.Equal("attendee", seat.GetProperty("role").GetString());
        Assert.Equal("scheduled", seat.GetProperty("sessionStatus").GetString());

        // The guest token does nothing else: not REST, not other hub methods, not another session.
        Assert.Equal(HttpStatusCode.Forbidden, (await guest.GetAsync("/api/cart")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await guest.GetAsync($"/api/sessions/{id}")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await guest.GetAsync($"/api/sessions/{id}/ice-servers")).Status);
        var refused = await Assert.ThrowsAsync<HubException>(() => tab.InvokeAsync("JoinMaps"));
        Assert.Contains("guest", refused.Message, StringComparison.Ordinal);
        var other = await SessionHelpers.CreateAsync(admin);
        await Assert.ThrowsAsync<HubException>(() => tab.InvokeAsync<JsonElement>("JoinSession", other, null));

        // In the lobby until the host starts: then session_started.
        using var started = new EventRecorder(tab, "session_started");
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/sessions/{id}/start", new { })).Status);
        Assert.Equal(id, (await started.NextAsync()).Payload.GetProperty("sessionId").GetString());
    }

    [Fact]
    public async Task Mail_stored_while_the_SMTP_server_is_down_is_delivered_once_it_comes_back_exactly_once()
    {
        using var admin = await fixture.AdminAsync();
        var id = await SessionHelpers.CreateAsync(admin);
        var email = SessionHelpers.Email("patient");
        await fixture.Smtp.StopAsync();
        try
        {
            var invitation = (await SessionHelpers.InviteAsync(admin, id, [email]))[0];
            Assert.Equal("pending", invitation.GetProperty("mailStatus").GetString());
            var failed = await Eventually.UntilAsync(
                async () => (await admin.GetAsync($"/api/sessions/{id}/invitations")).Body[0],
                i => i.GetProperty("mailError").ValueKind == JsonValueKind.String, TimeSpan.FromSeconds(30), "a failed attempt to show");
            Assert.Equal("pending", failed.GetProperty("mailStatus").GetString());
        }
        finally
        {
            fixture.Smtp.Start();
        }

        var mail = await fixture.Smtp.NextToAsync(email, TimeSpan.FromSeconds(30));
        Assert.Contains("/sessions/join/", mail.TextBody!, StringComparison.Ordinal);
        await Eventually.UntilAsync(
            async () => (await admin.GetAsync($"/api/sessions/{id}/invitations")).Body[0].GetProperty("mailStatus").GetString(),
            s => s == "sent", TimeSpan.FromSeconds(30), "the invitation to show as sent");
        Assert.Single(fixture.Smtp.Messages, m => m.To.Mailboxes.Any(b => b.Address == email));
    }

    [Fact]
    public async Task ICE_servers_are_for_participants_with_coturn_credentials()
    {
        using var admin = await fixture.AdminAsync();
        using var customer = await fixture.Client().RegisterAsync();
        var id = await SessionHelpers.CreateAsync(admin);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync($"/api/sessions/{id}/ice-servers")).Status);
        var (status, servers, _) = await admin.GetAsync($"/api/sessions/{id}/ice-servers");
        Assert.Equal(HttpStatusCode.OK, status);
        AssertIceServers(servers, admin.UserId!);
    }

    [Fact]
    public async Task Every_participant_guests_included_gets_ICE_servers_with_TURN_credentials_in_the_join_answer()
    {
        using var admin = await fixture.AdminAsync();
        var id = await SessionHelpers.CreateAsync(admin);
        var invitation = (await SessionHelpers.InviteAsync(admin, id, [SessionHelpers.Email("guest")]))[0];
        var token = SessionHelpers.TokenOf(invitation);
        using var guest = await SessionHelpers.GuestAsync(fixture.Node.Address, token, "Guest With Media");
        await using var guestTab = await guest.ConnectAsync();

        // The guest token is refused by REST, so the hub's join answer is the guest's only way to STUN and TURN.
        Assert.Equal(HttpStatusCode.Forbidden, (await guest.GetAsync($"/api/sessions/{id}/ice-servers")).Status);
        var guestSeat = await guestTab.InvokeAsync<JsonElement>("JoinSession", id, token);
        Assert.Equal($"guest:{invitation.GetProperty("invitationId").GetString()}", guestSeat.GetProperty("userId").GetString());
        AssertIceServers(guestSeat.GetProperty("iceServers"), guestSeat.GetProperty("userId").GetString()!);

        await using var hostTab = await admin.ConnectAsync();
        var hostSeat = await hostTab.InvokeAsync<JsonElement>("JoinSession", id, null);
        AssertIceServers(hostSeat.GetProperty("iceServers"), admin.UserId!);
    }

    [Fact]
    public async Task The_session_list_shows_the_live_participant_count()
    {
        using var admin = await fixture.AdminAsync();
        var id = await SessionHelpers.CreateAsync(admin);
        var (annEmail, bobEmail) = (SessionHelpers.Email("ann"), SessionHelpers.Email("bob"));
        using var ann = await fixture.Client().RegisterAsync(annEmail);
        using var bob = await fixture.Client().RegisterAsync(bobEmail);
        var guestInvitations = await SessionHelpers.InviteAsync(admin, id, [SessionHelpers.Email("g1"), SessionHelpers.Email("g2"), SessionHelpers.Email("g3")]);
        await SessionHelpers.InviteAsync(admin, id, [annEmail, bobEmail]);
        Assert.Equal(0, await ListedCountAsync(ann, id));

        // Two signed-in invitees and three guests take seats: the list, read by an invitee, counts all five.
        var guests = new List<ApiClient>();
        var tabs = new List<HubConnection>();
        try
        {
            foreach (var client in new[] { ann, bob })
            {
                var tab = await client.ConnectAsync();
                tabs.Add(tab);
                await tab.InvokeAsync<JsonElement>("JoinSession", id, null);
            }

            foreach (var invitation in guestInvitations)
            {
                var token = SessionHelpers.TokenOf(invitation);
                var guest = await SessionHelpers.GuestAsync(fixture.Node.Address, token, "Guest");
                guests.Add(guest);
                var tab = await guest.ConnectAsync();
                tabs.Add(tab);
                await tab.InvokeAsync<JsonElement>("JoinSession", id, token);
            }

            await Eventually.UntilAsync(() => ListedCountAsync(ann, id), c => c == 5, TimeSpan.FromSeconds(30), "the list to count five participants");

            // A departure shows as well.
            await tabs[^1].InvokeAsync("LeaveSession", id);
            await Eventually.UntilAsync(() => ListedCountAsync(ann, id), c => c == 4, TimeSpan.FromSeconds(30), "the list to count four participants");
        }
        finally
        {
            foreach (var tab in tabs)
            {
                await tab.DisposeAsync();
            }

            guests.ForEach(g => g.Dispose());
        }
    }

    /// <summary>The <c>participantCount</c> of the session in the caller's <c>GET /api/sessions</c> list.</summary>
    private static async Task<int> ListedCountAsync(ApiClient client, string id)
    {
        var (status, page, _) = await client.GetAsync("/api/sessions");
        Assert.Equal(HttpStatusCode.OK, status);
        return page.GetProperty("items").EnumerateArray().Single(s => s.GetProperty("id").GetString() == id).GetProperty("participantCount").GetInt32();
    }

    /// <summary>A STUN entry without credentials and a TURN entry with coturn's shared-secret credentials for the user.</summary>
    private static void AssertIceServers(JsonElement servers, string userId)
    {
        var stun = servers.EnumerateArray().Single(s => s.GetProperty("urls")[0].GetString()!.StartsWith("stun:", StringComparison.Ordinal));
        Assert.Equal(JsonValueKind.Null, stun.GetProperty("username").ValueKind);
        var turn = servers.EnumerateArray().Single(s => s.GetProperty("urls")[0].GetString()!.StartsWith("turn:", StringComparison.Ordinal));
        var username = turn.GetProperty("username").GetString()!;
        var expiry = long.Parse(username.Split(':')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal($"{expiry}:{userId}", username);
        Assert.InRange(DateTimeOffset.FromUnixTimeSeconds(expiry), DateTimeOffset.UtcNow.AddMinutes(5), DateTimeOffset.UtcNow.AddDays(2));
        var expected = Convert.ToBase64String(HMACSHA1.HashData("test-turn-secret"u8.ToArray(), Encoding.UTF8.GetBytes(username)));
        Assert.Equal(expected, turn.GetProperty("credential").GetString());
    }
}
