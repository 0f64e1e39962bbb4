using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using OmniBiz.Tests.Shared;
using OmniBiz.WebHost.Tests.Common;
using OmniBiz.WebHost.Tests.Identity;
using Xunit.Abstractions;

namespace OmniBiz.WebHost.Tests.Realtime;

/// <summary>Two web node processes forming one Orleans cluster (ADO.NET clustering) on one PostgreSQL database.</summary>
public sealed class TwoNodeTests(ITestOutputHelper output) : IAsyncLifetime
{
    private NodeProcess _a = null!;
    private NodeProcess _b = null!;

    public async Task InitializeAsync() => (_a, _b) = await TwoNodeCluster.StartAsync("twonode", settings =>
    {
        // Declare a killed silo dead within seconds instead of the production default of about a minute.
        settings["OmniBiz:Cluster:Membership:ProbeTimeout"] = "00:00:01";
        settings["OmniBiz:Cluster:Membership:NumMissedProbesLimit"] = "2";
        settings["OmniBiz:Cluster:Membership:NumVotesForDeathDeclaration"] = "1";
        settings["OmniBiz:Cluster:Membership:TableRefreshTimeout"] = "00:00:02";
        settings["OmniBiz:Realtime:LeaseSeconds"] = "120"; // far longer than the wait below: only membership can drop B in time
    });

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    [Fact]
    public async Task A_cart_change_made_through_node_A_reaches_the_users_connection_on_node_B_and_A_keeps_serving_after_B_is_killed()
    {
        using var adminA = await _a.Client().LoginAsAdminAsync();
        using var adminB = await _b.Client().LoginAsAdminAsync();
        var productId = await adminA.CreateProductAsync(stock: 100, price: 2m);
        using var userA = await _a.Client().RegisterAsync();
        using var userB = _b.Client().As(userA.Token!, userA.UserId!);
        await using var tabOnA = await userA.ConnectAsync();
        await using var tabOnB = await userB.ConnectAsync();
        using var seenOnA = new EventRecorder(tabOnA, "cart_updated");
        using var seenOnB = new EventRecorder(tabOnB, "cart_updated");
        using var resyncOnA = new EventRecorder(tabOnA, "resync");

        var latencies = new List<double>();
        for (var i = 1; i <= 5; i++)
        {
            var sent = Stopwatch.GetTimestamp();
            Assert.Equal(HttpStatusCode.OK, (await userA.PostAsync("/api/cart/items", new { productId, quantity = 1 })).Status);
            var (cart, arrived) = await seenOnB.NextAsync();
            Assert.Equal(i, cart.GetProperty("count").GetInt32());
            latencies.Add(Stopwatch.GetElapsedTime(sent, arrived).TotalMilliseconds);
            await seenOnA.NextAsync();
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"REST on A → cart_updated on B: {string.Join(", ", latencies.Select(l => l.ToString("0.0", CultureInfo.InvariantCulture)))} ms"));

        var topic = $"/api/admin/realtime/topics/user:{userA.UserId}";
        var nodeB = (await adminB.GetAsync("/api/admin/realtime/node")).Body.GetProperty("nodeId").GetString();
        var nodeA = (await adminA.GetAsync("/api/admin/realtime/node")).Body.GetProperty("nodeId").GetString();
        Assert.Contains(nodeB, NodesOf((await adminA.GetAsync(topic)).Body));

        var killedAt = Stopwatch.GetTimestamp();
        _b.Kill();

        var remaining = await Eventually.UntilAsync(
            async () => NodesOf((await adminA.GetAsync(topic)).Body),
            nodes => !nodes.Contains(nodeB) && nodes.Contains(nodeA),
            TimeSpan.FromSeconds(45),
            "the topic to drop the killed node");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Topic dropped node B {Stopwatch.GetElapsedTime(killedAt).TotalSeconds:0.0} s after the kill; nodes now: {string.Join(", ", remaining)}"));

        // Grains that lived on B come back on A at their next call; until the cluster has caught up a call may answer
        // 503 with Retry-After, which a client retries. Nothing is changed by a 503.
        var status = await Eventually.UntilAsync(
            async () => (await userA.PostAsync("/api/cart/items", new { productId, quantity = 1 })).Status,
            s => s != HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(30), "the cart to answer after the kill");
        Assert.Equal(HttpStatusCode.OK, status);

        // The change just made either reaches A's connection, or — if the user's topic lived on B and its new
        // activation on A did not know A's node yet when the cart published — A's node, on re-registering, tells the
        // connection to refetch (resync naming the topic). No re-publishing: this one change must be accounted for.
        // A call that answered 503 may still have been carried out, so the cart holds at least six.
        var waited = Stopwatch.StartNew();
        JsonElement? after = null;
        var resynced = false;
        while (after is null && !resynced)
        {
            after = seenOnA.All.Cast<JsonElement?>().FirstOrDefault(c => c!.Value.GetProperty("count").GetInt32() >= 6);
            resynced = resyncOnA.All.Any(r => r.GetProperty("topic").GetString() == $"user:{userA.UserId}");
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(20), "neither the cart event nor a resync reached node A's connection");
            await Task.Delay(100);
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"After the kill, A's connection got {(after is not null ? "the cart event" : "a resync for its user topic")} {waited.Elapsed.TotalSeconds:0.0} s after the change"));
        if (after is null)
        {
            // The client refetches, as a dashboard does on resync, and finds the change.
            after = (await userA.GetAsync("/api/cart")).Body;
            Assert.True(after.Value.GetProperty("count").GetInt32() >= 6);
        }

        Assert.Equal(after.Value.GetProperty("count").GetInt32() * 2m, after.Value.GetProperty("total").GetDecimal());
    }

    // While the killed silo is not yet declared dead, a call to a grain that lived there answers 503.
    [Fact]
    public async Task A_member_connected_to_node_B_receives_messages_sent_through_node_A_in_order()
    {
        using var alice = await _a.Client().RegisterAsync();
        using var bobOnA = await _a.Client().RegisterAsync();
        using var bob = _b.Client().As(bobOnA.Token!, bobOnA.UserId!);
        var (_, conversation, _) = await alice.PostAsync("/api/messages/conversations", new { type = "direct", memberIds = new[] { bob.UserId } });
        var conversationId = conversation.GetProperty("id").GetString();
        await using var bobTab = await bob.ConnectAsync();
        using var received = new EventRecorder(bobTab, "message_received");

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await alice.PostAsync("/api/messages/send", new { conversationId, text = $"hello {i}", clientMessageId = $"x{i}" })).Status);
        }

        var seqs = new List<long>();
        try
        {
            for (var i = 0; i < 20; i++)
            {
                seqs.Add((await received.NextAsync()).Payload.GetProperty("seq").GetInt64());
            }
        }
        catch (TimeoutException)
        {
            output.WriteLine($"node A:\n{_a.RecentOutput}\nnode B:\n{_b.RecentOutput}");
            throw;
        }

        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), seqs);
    }

    private static List<string?> NodesOf(System.Text.Json.JsonElement topic) =>
        topic.ValueKind == System.Text.Json.JsonValueKind.Object && topic.TryGetProperty("nodes", out var nodes)
            ? nodes.EnumerateArray().Select(n => n.GetString()).ToList()
            : [];
}
