using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using OmniBiz.GrainInterfaces.Realtime;
using OmniBiz.Grains.Telemetry;

namespace OmniBiz.Grains.Realtime;

/// <summary>
/// Remembers which web nodes have members in one topic; in memory only. Nodes renew their registration
/// well inside the lease, and renew at once when a silo dies, so a topic that moved to another silo
/// is repopulated without waiting for the lease. Renewals also keep the activation from being collected.
/// </summary>
public sealed partial class TopicGrain(
    IClusterMembershipService membership,
    TimeProvider clock,
    ILogger<TopicGrain> logger) : Grain, ITopicGrain
{
    private readonly Dictionary<string, Subscriber> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _generations = new(StringComparer.Ordinal);
    private readonly string _epoch = Guid.NewGuid().ToString("N");
    private long _sequence;

    public Task<TopicPosition> SubscribeAsync(NodeRegistration registration, long generation)
    {
        if (IsCurrent(registration.NodeId, generation))
        {
            var isNew = !_nodes.ContainsKey(registration.NodeId);
            _nodes[registration.NodeId] = new Subscriber(registration, clock.GetUtcNow() + registration.Lease);
            if (isNew)
            {
                LogNodeJoined(this.GetPrimaryKeyString(), registration.NodeId);
            }
        }

        return Task.FromResult(new TopicPosition(_epoch, _sequence));
    }

    public Task UnsubscribeAsync(string nodeId, long generation)
    {
        if (IsCurrent(nodeId, generation) && _nodes.Remove(nodeId))
        {
            LogNodeLeft(this.GetPrimaryKeyString(), nodeId, "unsubscribed");
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// A node's last member leaving and a new one joining at once send an unsubscribe and a subscribe that may arrive
    /// in either order; the node numbers its calls, and only a call newer than the last one taken counts.
    /// </summary>
    private bool IsCurrent(string nodeId, long generation)
    {
        if (_generations.TryGetValue(nodeId, out var last) && generation < last)
        {
            return false;
        }

        _generations[nodeId] = generation;
        return true;
    }

    public Task PublishAsync(RealtimeEvent realtimeEvent)
    {
        Prune();
        Deliver(realtimeEvent);
        return Task.CompletedTask;
    }

    public Task PublishManyAsync(ImmutableArray<RealtimeEvent> realtimeEvents)
    {
        Prune();
        var stamped = ImmutableArray.CreateBuilder<RealtimeEvent>(realtimeEvents.Length);
        foreach (var realtimeEvent in realtimeEvents)
        {
            stamped.Add(realtimeEvent with { Sequence = ++_sequence, Epoch = _epoch });
        }

        var events = stamped.MoveToImmutable();
        OmniBizMetrics.EventsPublished.Add(events.Length);
        foreach (var node in _nodes.Values)
        {
            // One one-way message per node for the whole run of events.
            _ = node.Registration.Observer.DeliverManyAsync(events);
        }

        return Task.CompletedTask;
    }

    private void Deliver(RealtimeEvent realtimeEvent)
    {
        realtimeEvent = realtimeEvent with { Sequence = ++_sequence, Epoch = _epoch };
        OmniBizMetrics.EventsPublished.Add(1);
        foreach (var node in _nodes.Values)
        {
            // One-way: completes at once; a node that has vanished costs a dropped message, not a wait.
            _ = node.Registration.Observer.DeliverAsync(realtimeEvent);
        }
    }

    /// <summary>
    /// Going away with nodes registered (its silo stopping, a rebalance): tell them, so that they register with the
    /// next activation at once — and tell their connections to resync — instead of at their next renewal.
    /// </summary>
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_nodes.Count > 0)
        {
            var notice = new RealtimeEvent(this.GetPrimaryKeyString(), EventNames.TopicMoving, []);
            foreach (var node in _nodes.Values)
            {
                _ = node.Registration.Observer.DeliverAsync(notice);
            }

            LogMoving(this.GetPrimaryKeyString(), _nodes.Count, reason.ReasonCode.ToString());
        }

        return base.OnDeactivateAsync(reason, cancellationToken);
    }

    public Task<ImmutableArray<string>> GetNodesAsync()
    {
        Prune();
        return Task.FromResult(_nodes.Keys.Order(StringComparer.Ordinal).ToImmutableArray());
    }

    private void Prune()
    {
        if (_nodes.Count == 0)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var snapshot = membership.CurrentSnapshot;
        List<(string NodeId, string Reason)>? dropped = null;
        foreach (var (nodeId, node) in _nodes)
        {
            string? reason = null;
            if (node.ExpiresAt < now)
            {
                reason = "lease expired";
            }
            else if (node.Registration.Silo is { } silo && snapshot.GetSiloStatus(silo) == SiloStatus.Dead)
            {
                reason = "silo declared dead";
            }

            if (reason is not null)
            {
                (dropped ??= []).Add((nodeId, reason));
            }
        }

        if (dropped is null)
        {
            return;
        }

        foreach (var (nodeId, reason) in dropped)
        {
            _nodes.Remove(nodeId);
            _generations.Remove(nodeId);
            LogNodeLeft(this.GetPrimaryKeyString(), nodeId, reason);
        }
    }

    private sealed record Subscriber(NodeRegistration Registration, DateTimeOffset ExpiresAt);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Topic {Topic}: node {NodeId} registered")]
    private partial void LogNodeJoined(string topic, string nodeId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Topic {Topic}: node {NodeId} dropped ({Reason})")]
    private partial void LogNodeLeft(string topic, string nodeId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Topic {Topic} is deactivating ({Reason}): told its {Nodes} nodes to register again")]
    private partial void LogMoving(string topic, int nodes, string reason);
}
