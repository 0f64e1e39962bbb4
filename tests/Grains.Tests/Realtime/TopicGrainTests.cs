using System.Collections.Immutable;
using System.Threading.Channels;
using OmniBiz.GrainInterfaces.Realtime;
using OmniBiz.Tests.Shared;

namespace OmniBiz.Grains.Tests.Realtime;

[Collection(ClusterCollection.Name)]
public sealed class TopicGrainTests(ClusterFixture fixture)
{
    private sealed class RecordingNode : INodeObserver
    {
        public Channel<RealtimeEvent> Received { get; } = Channel.CreateUnbounded<RealtimeEvent>();

        public Task DeliverAsync(RealtimeEvent realtimeEvent)
        {
            Received.Writer.TryWrite(realtimeEvent);
            return Task.CompletedTask;
        }

        public Task DeliverManyAsync(ImmutableArray<RealtimeEvent> realtimeEvents)
        {
            foreach (var realtimeEvent in realtimeEvents)
            {
                Received.Writer.TryWrite(realtimeEvent);
            }

            return Task.CompletedTask;
        }
    }

    private (RecordingNode Node, NodeRegistration Registration) NewNode(string id, TimeSpan lease)
    {
        var node = new RecordingNode();
        var reference = fixture.Grains.CreateObjectReference<INodeObserver>(node);
        return (node, new NodeRegistration(id, reference, null, lease));
    }

    [Fact]
    public async Task Events_published_together_reach_each_node_in_order_with_consecutive_sequences_after_earlier_ones()
    {
        var topic = fixture.Grains.GetGrain<ITopicGrain>($"test:{Guid.NewGuid():N}");
        var (a, regA) = NewNode("node-a", TimeSpan.FromMinutes(1));
        var (b, regB) = NewNode("node-b", TimeSpan.FromMinutes(1));
        await topic.SubscribeAsync(regA, 1);
        await topic.SubscribeAsync(regB, 1);

        await topic.PublishAsync(new RealtimeEvent("t", "e0", "{}"u8.ToArray()));
        await topic.PublishManyAsync([.. Enumerable.Range(1, 5).Select(i => new RealtimeEvent("t", $"e{i}", "{}"u8.ToArray()))]);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        foreach (var node in new[] { a, b })
        {
            var received = new List<RealtimeEvent>();
            for (var i = 0; i < 6; i++)
            {
                received.Add(await node.Received.Reader.ReadAsync(timeout.Token));
            }

            Assert.Equal(Enumerable.Range(0, 6).Select(i => $"e{i}"), received.Select(e => e.Name));
            Assert.Equal(Enumerable.Range(1, 6).Select(i => (long)i), received.Select(e => e.Sequence));
            Assert.Single(received.Select(e => e.Epoch).Distinct());
        }
    }

    [Fact]
    public async Task A_published_event_reaches_each_registered_node_once_and_stops_after_unsubscribe()
    {
        var topic = fixture.Grains.GetGrain<ITopicGrain>($"test:{Guid.NewGuid():N}");
        var (a, regA) = NewNode("node-a", TimeSpan.FromMinutes(1));
        var (b, regB) = NewNode("node-b", TimeSpan.FromMinutes(1));
        await topic.SubscribeAsync(regA, 1);
        await topic.SubscribeAsync(regB, 1);
        await topic.SubscribeAsync(regA, 2); // a renewal, not a second registration

        await topic.PublishAsync(new RealtimeEvent("t", "first", "{}"u8.ToArray()));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        Assert.Equal("first", (await a.Received.Reader.ReadAsync(timeout.Token)).Name);
        Assert.Equal("first", (await b.Received.Reader.ReadAsync(timeout.Token)).Name);

        await topic.UnsubscribeAsync("node-b", 2);
        await topic.PublishAsync(new RealtimeEvent("t", "second", "{}"u8.ToArray()));
        Assert.Equal("second", (await a.Received.Reader.ReadAsync(timeout.Token)).Name);
        Assert.False(a.Received.Reader.TryRead(out _));
        Assert.False(b.Received.Reader.TryRead(out _));
        Assert.Equal("node-a", Assert.Single(await topic.GetNodesAsync()));
    }

    [Fact]
    public async Task A_node_that_stops_renewing_is_dropped_when_its_lease_runs_out()
    {
        var topic = fixture.Grains.GetGrain<ITopicGrain>($"test:{Guid.NewGuid():N}");
        var (_, shortLease) = NewNode("short", TimeSpan.FromMilliseconds(500));
        var (_, longLease) = NewNode("long", TimeSpan.FromMinutes(1));
        await topic.SubscribeAsync(shortLease, 1);
        await topic.SubscribeAsync(longLease, 1);

        var nodes = await Eventually.UntilAsync(() => topic.GetNodesAsync(), n => n.Length == 1, TimeSpan.FromSeconds(10), "the short lease to expire");
        Assert.Equal("long", Assert.Single(nodes));
    }

    [Fact]
    public async Task An_unsubscribe_that_arrives_after_a_newer_subscribe_from_the_same_node_changes_nothing()
    {
        // A user's last tab closes (unsubscribe 7) and a new tab opens (subscribe 8) at once; the calls arrive swapped.
        var topic = fixture.Grains.GetGrain<ITopicGrain>($"test:{Guid.NewGuid():N}");
        var (node, registration) = NewNode("node-a", TimeSpan.FromMinutes(1));
        await topic.SubscribeAsync(registration, 8);
        await topic.UnsubscribeAsync("node-a", 7);

        Assert.Equal("node-a", Assert.Single(await topic.GetNodesAsync()));
        await topic.PublishAsync(new RealtimeEvent("t", "after", "{}"u8.ToArray()));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        Assert.Equal("after", (await node.Received.Reader.ReadAsync(timeout.Token)).Name);

        // A stale renewal after a newer unsubscribe does not bring the node back either.
        await topic.UnsubscribeAsync("node-a", 10);
        await topic.SubscribeAsync(registration, 9);
        Assert.Empty(await topic.GetNodesAsync());
    }
}
