using System.Collections.Immutable;
using Orleans.Concurrency;

namespace OmniBiz.GrainInterfaces.Realtime;

/// <summary>The one observer each web node registers with the topics its connections joined.</summary>
[Alias("omnibiz.INodeObserver")]
public interface INodeObserver : IGrainObserver
{
    /// <summary>Hands events to the node's local send queue. One-way: a topic never waits for a node.</summary>
    [OneWay, Alias("Deliver")]
    Task DeliverAsync(RealtimeEvent realtimeEvent);

    /// <summary>Hands several events of one topic, in sequence order, to the node's local send queue. One-way.</summary>
    [OneWay, Alias("DeliverMany")]
    Task DeliverManyAsync(ImmutableArray<RealtimeEvent> realtimeEvents);
}
