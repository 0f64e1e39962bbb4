using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using OmniBiz.Tests.Shared;
using OmniBiz.WebHost.Tests.Common;

namespace OmniBiz.WebHost.Tests.Sessions;

/// <summary>A node that dies takes its participants' connections with it, without a disconnect.</summary>
public sealed class NodeDeathTests : IAsyncLifetime
{
    private NodeProcess _a = null!;
    private NodeProcess _b = null!;

    public async Task InitializeAsync()
    {
        var database = await TestPostgres.CreateMigratedDatabaseAsync("sessiondeath");
        var clusterId = $"test-{Guid.NewGuid():N}";
        Dictionary<string, string?> Settings()
        {
            var settings = TestNode.BaseSettings();
            settings["ConnectionStrings:OmniBiz"] = database;
            settings["OmniBiz:Cluster:Mode"] = "AdoNet";
            settings["OmniBiz:Cluster:ClusterId"] = clusterId;
            // Declare a killed silo dead within seconds instead of about a minute.
            settings["OmniBiz:Cluster:Membership:ProbeTimeout"] = "00:00:01";
            settings["OmniBiz:Cluster:Membership:NumMissedProbesLimit"] = "2";
            settings["OmniBiz:Cluster:Membership:NumVotesForDeathDeclaration"] = "1";
            settings["OmniBiz:Cluster:Membership:TableRefreshTimeout"] = "00:00:02";
            settings["OmniBiz:Sessions:DepartureGrace"] = "00:00:03";
            return settings;
        }

        var nodes = await Task.WhenAll(NodeProcess.StartAsync(Settings()), NodeProcess.StartAsync(Settings()));
        (_a, _b) = (nodes[0], nodes[1]);
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    [Fact]
    public async Task The_seats_of_a_killed_nodes_participants_are_freed_after_the_grace_and_counted_once()
    {
        using var admin = await _a.Client().LoginAsAdminAsync();
        var id = await SessionHelpers.CreateAsync(admin, capacity: 2);
        var invitations = await SessionHelpers.InviteAsync(admin, id, [SessionHelpers.Email("on-b"), SessionHelpers.Email("after")]);
        await using var hostTab = await admin.ConnectAsync();
        await hostTab.InvokeAsync<JsonElement>("JoinSession", id, null);
        var token = SessionHelpers.TokenOf(invitations[0]);
        using var guest = await SessionHelpers.GuestAsync(_b.Address, token, "On B");
        var tabOnB = await guest.ConnectAsync();
        var seat = await tabOnB.InvokeAsync<JsonElement>("JoinSession", id, token);
        Assert.Equal(2, (await admin.GetAsync($"/api/sessions/{id}")).Body.GetProperty("participantCount").GetInt32());

        _b.Kill();

        // The session grain may have lived on B too: asking through A brings it back there, from its stored seats.
        await Eventually.UntilAsync(
            async () => await admin.GetAsync($"/api/sessions/{id}"),
            r => r.Status == System.Net.HttpStatusCode.OK && r.Body.GetProperty("participantCount").GetInt32() == 1,
            TimeSpan.FromSeconds(90), "the dead node's seat to be freed");

        // The freed seat admits someone else; the count never went below one (the host) or double-counted.
        var next = SessionHelpers.TokenOf(invitations[1]);
        using var after = await SessionHelpers.GuestAsync(_a.Address, next, "After");
        await using var afterTab = await after.ConnectAsync();
        var joined = await afterTab.InvokeAsync<JsonElement>("JoinSession", id, next);
        Assert.True(joined.GetProperty("version").GetInt64() > seat.GetProperty("version").GetInt64());
        Assert.Equal(2, joined.GetProperty("participants").GetArrayLength());
        Assert.DoesNotContain(joined.GetProperty("participants").EnumerateArray(), p => p.GetProperty("participantId").GetString() == seat.GetProperty("participantId").GetString());
        await tabOnB.DisposeAsync();
    }
}
