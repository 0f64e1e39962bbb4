using Orleans.Concurrency;

namespace OmniBiz.GrainInterfaces.Realtime;

/// <summary>The one observer each web node registers with the topics its connections joined.</summary>
[Alias("omnibiz.INodeObserver")]
public interface INodeObserver : IGrainObserver
{
    /// <summary>Hands events to the node's local send queue. One-way: a topic never waits for a node.</summary>
    [OneWay, Alias("Deliver")]
    Task DeliverAsync(RealtimeEvent realtimeEvent);
}
