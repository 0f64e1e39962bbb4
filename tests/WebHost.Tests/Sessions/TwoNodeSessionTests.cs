using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using OmniBiz.WebHost.Tests.Common;
using OmniBiz.WebHost.Tests.Identity;
using Xunit.Abstractions;

namespace OmniBiz.WebHost.Tests.Sessions;

/// <summary>Seats and signals across a two-node cluster (two web node processes, one Orleans cluster, one database).</summary>
public sealed class TwoNodeSessionTests(TwoNodeCluster cluster, ITestOutputHelper output) : IClassFixture<TwoNodeCluster>
{
    [Fact]
    public async Task Of_120_joiners_spread_over_two_nodes_exactly_100_are_seated_and_20_are_told_the_session_is_full()
    {
        using var admin = await cluster.A.Client().LoginAsAdminAsync();
        var id = await SessionHelpers.CreateAsync(admin, capacity: 100);
        var invitations = await SessionHelpers.InviteAsync(admin, id, Enumerable.Range(0, 120).Select(i => SessionHelpers.Email($"joiner{i}")));
        var guests = await Task.WhenAll(invitations.Select((invitation, i) => SessionHelpers.GuestAsync(
            (i % 2 == 0 ? cluster.A : cluster.B).Address, SessionHelpers.TokenOf(invitation), $"Joiner {i}")));
        var tabs = await Task.WhenAll(guests.Select(g => g.ConnectAsync()));
        try
        {
            using var go = new SemaphoreSlim(0);
            var clock = Stopwatch.StartNew();
            var attempts = tabs.Select(async (tab, i) =>
            {
                await go.WaitAsync();
                try
                {
                    await tab.InvokeAsync<JsonElement>("JoinSession", id, SessionHelpers.TokenOf(invitations[i]));
                    return "seated";
                }
                catch (HubException e) when (e.Message.Contains("full", StringComparison.Ordinal))
                {
                    return "full";
                }
            }).ToList();
            go.Release(tabs.Length);
            var outcomes = await Task.WhenAll(attempts);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"120 joins over two nodes took {clock.ElapsedMilliseconds} ms"));

            Assert.Equal(100, outcomes.Count(o => o == "seated"));
            Assert.Equal(20, outcomes.Count(o => o == "full"));
            Assert.Equal(100, (await admin.GetAsync($"/api/sessions/{id}")).Body.GetProperty("participantCount").GetInt32());
        }
        finally
        {
            await Task.WhenAll(tabs.Select(t => t.DisposeAsync().AsTask()));
            foreach (var guest in guests)
            {
                guest.Dispose();
            }
        }
    }

    [Fact]
    public async Task An_offer_from_A_reaches_only_B_whose_connection_is_on_the_other_node()
    {
        using var admin = await cluster.A.Client().LoginAsAdminAsync();
        var id = await SessionHelpers.CreateAsync(admin);
        var invitations = await SessionHelpers.InviteAsync(admin, id, [SessionHelpers.Email("a"), SessionHelpers.Email("b"), SessionHelpers.Email("c")]);
        async Task<(ApiClient Guest, HubConnection Tab, string ParticipantId)> JoinAsync(NodeProcess node, JsonElement invitation, string name)
        {
            var token = SessionHelpers.TokenOf(invitation);
            var guest = await SessionHelpers.GuestAsync(node.Address, token, name);
            var tab = await guest.ConnectAsync();
            var seat = await tab.InvokeAsync<JsonElement>("JoinSession", id, token);
            return (guest, tab, seat.GetProperty("participantId").GetString()!);
        }

        var a = await JoinAsync(cluster.A, invitations[0], "A");
        var b = await JoinAsync(cluster.B, invitations[1], "B");
        var c = await JoinAsync(cluster.A, invitations[2], "C");
        try
        {
            using var atA = new EventRecorder(a.Tab, "signal");
            using var atB = new EventRecorder(b.Tab, "signal");
            using var atC = new EventRecorder(c.Tab, "signal");
            var sent = Stopwatch.GetTimestamp();
            await a.Tab.InvokeAsync("Signal", id, b.ParticipantId, new { type = "offer", sdp = "v=0 offer for B" });
            var (offer, arrived) = await atB.NextAsync();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"offer A (node A) → B (node B): {Stopwatch.GetElapsedTime(sent, arrived).TotalMilliseconds:0.0} ms"));
            Assert.Equal(id, offer.GetProperty("sessionId").GetString());
            Assert.Equal(a.ParticipantId, offer.GetProperty("fromParticipantId").GetString());
            Assert.Equal("v=0 offer for B", offer.GetProperty("signal").GetProperty("sdp").GetString());

            // B answers; then A marks C. C's first signal is the marker, so the offer never reached it; A got only the answer.
            await b.Tab.InvokeAsync("Signal", id, a.ParticipantId, new { type = "answer", sdp = "v=0 answer" });
            Assert.Equal("answer", (await atA.NextAsync()).Payload.GetProperty("signal").GetProperty("type").GetString());
            await a.Tab.InvokeAsync("Signal", id, c.ParticipantId, new { type = "candidate", candidate = "marker" });
            Assert.Equal("marker", (await atC.NextAsync()).Payload.GetProperty("signal").GetProperty("candidate").GetString());
            Assert.Equal(1, atC.Count);
            Assert.Equal(1, atB.Count);
            Assert.Equal(1, atA.Count);
        }
        finally
        {
            foreach (var (guest, tab, _) in new[] { a, b, c })
            {
                await tab.DisposeAsync();
                guest.Dispose();
            }
        }
    }
}
