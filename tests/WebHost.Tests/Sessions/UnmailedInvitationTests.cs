using System.Net;
using OmniBiz.WebHost.Tests.Common;

namespace OmniBiz.WebHost.Tests.Sessions;

/// <summary>On a node with no SMTP server configured (the shared test node).</summary>
[Collection(NodeCollection.Name)]
public sealed class UnmailedInvitationTests(NodeFixture fixture)
{
    [Fact]
    public async Task Without_SMTP_invitations_are_stored_marked_not_sent_and_their_links_work_and_co_hosts_may_host()
    {
        using var admin = await fixture.AdminAsync();
        using var coHost = await fixture.Client().RegisterAsync();
        var id = await SessionHelpers.CreateAsync(admin);
        // Before: a stranger to the session, who cannot even see it.
        Assert.Equal(HttpStatusCode.NotFound, (await coHost.PostAsync($"/api/sessions/{id}/invitations", new { emails = new[] { "x@example.com" } })).Status);
        var (added, session, _) = await admin.PostAsync($"/api/sessions/{id}/co-hosts", new { userId = coHost.UserId });
        Assert.Equal(HttpStatusCode.OK, added);
        Assert.Contains(coHost.UserId, session.GetProperty("coHostIds").EnumerateArray().Select(c => c.GetString()));

        // The co-host invites; with no SMTP host the invitation is kept, marked not_sent, and its link opens the session.
        var invitation = (await SessionHelpers.InviteAsync(coHost, id, [SessionHelpers.Email("unmailed")]))[0];
        Assert.Equal("not_sent", invitation.GetProperty("mailStatus").GetString());
        using var anonymous = fixture.Client();
        var (opened, link, _) = await anonymous.GetAsync($"/api/sessions/join/{SessionHelpers.TokenOf(invitation)}");
        Assert.Equal(HttpStatusCode.OK, opened);
        Assert.Equal(id, link.GetProperty("session").GetProperty("id").GetString());
        Assert.Equal("not_sent", (await admin.GetAsync($"/api/sessions/{id}/invitations")).Body[0].GetProperty("mailStatus").GetString());
        Assert.Equal(HttpStatusCode.OK, (await coHost.PostAsync($"/api/sessions/{id}/start", new { })).Status);
    }
}
