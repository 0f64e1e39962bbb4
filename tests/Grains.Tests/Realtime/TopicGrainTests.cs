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
    }

    private (RecordingNode Node, NodeRegistration Registration) NewNode(string id, TimeSpan lease)
    {
        var node = new RecordingNode();
        var reference = fixture.Grains.CreateObjectReference<INodeObserver>(node);
        return (node, new NodeRegistration(id, reference, null, lease));
    }

    [Fact]
    public async Task A_published_event_reaches_each_registered_node_once_and_stops_after_unsubscribe()
    {
        var topic = fixture.Grains.GetGrain<ITopicGrain>($"test:{Guid.NewGuid():N}");
        var (a, regA) = NewNode("node-a", TimeSpan.FromMinutes(1));
        var (b, regB) = NewNode("node-b", TimeSpan.FromMinutes(1));
        await topic.SubscribeAsync(regA);
        await topic.SubscribeAsync(regB);
        await topic.SubscribeAsync(regA); // a renewal, not a second registration

        await topic.PublishAsync(new RealtimeEvent("t", "first", "{}"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        Assert.Equal("first", (await a.Received.Reader.ReadAsync(timeout.Token)).Name);
        Assert.Equal("first", (await b.Received.Reader.ReadAsync(timeout.Token)).Name);

        await topic.UnsubscribeAsync("node-b");
        await topic.PublishAsync(new RealtimeEvent("t", "second", "{}"));
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
        await topic.SubscribeAsync(shortLease);
        await topic.SubscribeAsync(longLease);

        var nodes = await Eventually.UntilAsync(() => topic.GetNodesAsync(), n => n.Length == 1, TimeSpan.FromSeconds(10), "the short lease to expire");
        Assert.Equal("long", Assert.Single(nodes));
    }
}
