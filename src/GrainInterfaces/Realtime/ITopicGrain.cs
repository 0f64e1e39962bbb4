using System.Collections.Immutable;

namespace OmniBiz.GrainInterfaces.Realtime;

/// <summary>
/// One real-time audience (<c>user:{id}</c>, <c>maps</c>, <c>admins</c>, …), keyed by topic name. It knows which
/// web nodes have members in it and sends each published event to each of them once.
/// </summary>
[Alias("omnibiz.ITopicGrain")]
public interface ITopicGrain : IGrainWithStringKey
{
    /// <summary>
    /// Registers or renews a node's interest for the registration's lease; answers the topic's activation and the
    /// sequence number of its last published event, so the node knows where the events it will receive start.
    /// <paramref name="generation"/> grows with every subscribe and unsubscribe a node makes: a call older than the
    /// last one the topic took from that node is stale (the two raced) and changes nothing.
    /// </summary>
    [Alias("Subscribe")]
    Task<TopicPosition> SubscribeAsync(NodeRegistration registration, long generation);

    /// <summary>Drops a node's interest (its last local member left), unless a newer subscribe already arrived.</summary>
    [Alias("Unsubscribe")]
    Task UnsubscribeAsync(string nodeId, long generation);

    /// <summary>Sends the event to every interested node, one one-way call each.</summary>
    [Alias("Publish")]
    Task PublishAsync(RealtimeEvent realtimeEvent);

    /// <summary>Publishes several events in the given order (consecutive sequence numbers), as one call.</summary>
    [Alias("PublishMany")]
    Task PublishManyAsync(ImmutableArray<RealtimeEvent> realtimeEvents);

    /// <summary>The ids of the nodes currently registered (dead or expired ones pruned first).</summary>
    [Alias("GetNodes")]
    Task<ImmutableArray<string>> GetNodesAsync();
}
