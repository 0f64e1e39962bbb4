using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using OmniBiz.GrainInterfaces.Realtime;
using OmniBiz.Grains.Realtime;
using OmniBiz.Grains.Telemetry;
using Orleans.Streams;

using OmniBiz.WebHost.Auth;

namespace OmniBiz.WebHost.Realtime;

/// <summary>
/// This web node's side of the fan-out. It counts local members per topic, registers one observer with a topic's
/// grain when the first local member joins (and drops it when the last leaves), renews those registrations on a
/// timer and at once when a silo dies, and sends what topics deliver to the local SignalR group from per-topic queues.
/// </summary>
public sealed partial class RealtimeNode(
    IGrainFactory grains,
    IHubContext<OmniBizHub> hub,
    IServiceProvider services,
    IHostApplicationLifetime lifetime,
    IMeterFactory meters,
    IOptions<RealtimeSettings> settings,
    IOptions<RealtimeFanoutSettings> fanout,
    ILogger<RealtimeNode> logger) : BackgroundService, INodeObserver
{
    /// <summary>How long each step of a graceful stop may take (deregistering topics, sending what is queued).</summary>
    private static readonly TimeSpan DrainStep = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan TransportGrace = TimeSpan.FromMilliseconds(500);

    // Sends are spread over several queues by topic: one slow connection holds up only its own shard, and each
    // topic always lands in the same queue, so its events keep their order.
    private static readonly int ShardCount = Math.Max(64, Environment.ProcessorCount * 32);
    private readonly Channel<Queued>[] _queues = [.. Enumerable.Range(0, ShardCount)
        .Select(_ => Channel.CreateUnbounded<Queued>(new UnboundedChannelOptions { SingleReader = true }))];
    private readonly ConcurrentDictionary<string, TopicMembers> _topics = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, JoinedTopics> _connections = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, HubCallerContext> _callers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TopicOrder> _order = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<TopicOrder, byte> _held = new(ReferenceEqualityComparer.Instance);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _conversationAccess = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, SessionSeat>> _seats = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _renewNow = new(0);
    private NodeRegistration? _registration;
    private long _generation;
    private volatile bool _draining;
    private int _drainRegistered;
    private long _queued;
    private Counter<long>? _delivered;
    private Histogram<double>? _sendTime;

    /// <summary>Events waiting in this node's send queues.</summary>
    public long QueuedEvents => Interlocked.Read(ref _queued);

    /// <summary>This node's id in topic registrations.</summary>
    public string NodeId { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>The silo this node co-hosts, or null in client mode: sessions use it to notice the node's death.</summary>
    public SiloAddress? Silo => _registration?.Silo;

    private TimeSpan Lease => TimeSpan.FromSeconds(Math.Max(3, settings.Value.LeaseSeconds));

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Orleans keeps only a weak reference to an observer: this singleton holds the strong one for the node's life.
        var observer = grains.CreateObjectReference<INodeObserver>(this);
        var silo = services.GetService<ILocalSiloDetails>()?.SiloAddress;
        _registration = new NodeRegistration(NodeId, observer, silo, Lease);
        var meter = meters.Create(OmniBizMetrics.MeterName);
        meter.CreateObservableGauge("omnibiz.realtime.connections", () => ConnectionCount, "{connection}", "Hub connections on this node.");
        meter.CreateObservableGauge("omnibiz.realtime.topics", () => TopicCount, "{topic}", "Topics with members on this node.");
        meter.CreateObservableGauge("omnibiz.realtime.send_queue.depth", () => QueuedEvents, "{event}", "Events waiting in this node's send queues.");
        _delivered = meter.CreateCounter<long>("omnibiz.realtime.events.delivered", "{event}", "Events this node handed to its connections' groups.");
        _sendTime = meter.CreateHistogram<double>("omnibiz.realtime.fanout.duration", "ms", "Time from an event entering this node's send queue to its group send completing.");
        LogNodeStarted(NodeId, silo?.ToString() ?? "client");
        return base.StartAsync(cancellationToken);
    }

    /// <summary>True once the node has begun a graceful stop: readiness then fails, so balancers stop sending to it.</summary>
    public bool Draining => _draining;

    /// <summary>
    /// A graceful stop (SIGTERM, Ctrl+C, a rolling restart): topics stop sending here, what was already delivered is
    /// sent, and every connection is closed with SignalR's "reconnect allowed", so clients reconnect — through the
    /// balancer, to another node — and catch up as after any reconnect. Runs on the host's stopping signal and blocks
    /// it for at most a few seconds.
    /// </summary>
    private void Drain()
    {
        _draining = true;
        var clock = Stopwatch.StartNew();
        var topics = _topics.Where(t => t.Value.Count > 0 && t.Value.Stream is null).Select(t => t.Key).ToList();
        try
        {
            Parallel.ForEachAsync(topics, new ParallelOptions { MaxDegreeOfParallelism = 32 },
                async (topic, _) => await UnsubscribeAsync(topic, NextGeneration())).Wait(DrainStep);
        }
        catch (AggregateException e)
        {
            LogDrainStepFailed(e, "deregistering topics");
        }

        var sending = Stopwatch.StartNew();
        while (QueuedEvents > 0 && sending.Elapsed < DrainStep)
        {
            Thread.Sleep(10);
        }

        var unsent = QueuedEvents;
        var closed = 0;
        foreach (var caller in _callers.Values)
        {
            try
            {
                if (caller.Features.Get<IConnectionLifetimeNotificationFeature>() is { } notification)
                {
                    notification.RequestClose();
                    closed++;
                }
            }
            catch (Exception e)
            {
                LogDrainStepFailed(e, "closing a connection");
            }
        }

        // SignalR closes whatever is still open as soon as this returns, without a close message: give the close
        // messages time to go out and the clients time to answer them.
        var closing = Stopwatch.StartNew();
        while (!_callers.IsEmpty && closing.Elapsed < DrainStep)
        {
            Thread.Sleep(10);
        }

        // The hub forgets a connection as soon as it has queued the close message, before the transport (a thread-pool
        // work item, which may first have to wake a sleeping worker) has written it and the WebSocket close handshake
        // is done; SignalR's own stopping callback, which runs next, would reset what is still open.
        if (closed > 0)
        {
            Thread.Sleep(TransportGrace);
        }

        LogDrained(topics.Count, unsent, closed, _callers.Count, clock.ElapsedMilliseconds);
    }

    /// <summary>Called by topic grains (one-way): queue for the local sender, never block the caller.</summary>
    public Task DeliverAsync(RealtimeEvent realtimeEvent)
    {
        if (realtimeEvent.Name == EventNames.TopicMoving)
        {
            _ = RenewAsync(realtimeEvent.Topic);
            return Task.CompletedTask;
        }

        var order = _order.GetOrAdd(realtimeEvent.Topic, NewOrder);
        if (order.Accept(realtimeEvent, Stopwatch.GetTimestamp(), Enqueue))
        {
            _held.TryAdd(order, 0);
        }

        return Task.CompletedTask;
    }

    public Task DeliverManyAsync(ImmutableArray<RealtimeEvent> realtimeEvents)
    {
        foreach (var realtimeEvent in realtimeEvents)
        {
            DeliverAsync(realtimeEvent);
        }

        return Task.CompletedTask;
    }

    private void Follow(string topic, TopicPosition position)
    {
        var order = _order.GetOrAdd(topic, NewOrder);
        if (order.Start(position.Epoch, position.Sequence, Enqueue))
        {
            _held.TryAdd(order, 0);
        }
    }

    private TopicOrder NewOrder(string topic) => new(() =>
    {
        LogResync(topic);
        Enqueue(new RealtimeEvent(topic, EventNames.Resync, JsonSerializer.SerializeToUtf8Bytes(new ResyncNotice(topic), RealtimeJson.Options)));
    });

    /// <summary>The payload of <see cref="EventNames.Resync"/>: the topic whose events may have been missed.</summary>
    public sealed record ResyncNotice(string Topic);

    /// <summary>Queues an event for sending; a topic always goes to the same queue, so its order holds.</summary>
    private void Enqueue(RealtimeEvent realtimeEvent)
    {
        var shard = (int)((uint)StringComparer.Ordinal.GetHashCode(realtimeEvent.Topic) % (uint)_queues.Length);
        Interlocked.Increment(ref _queued);
        _queues[shard].Writer.TryWrite(new Queued(realtimeEvent, Stopwatch.GetTimestamp()));
    }

    /// <summary>An event in a send queue, with when it entered it.</summary>
    private readonly record struct Queued(RealtimeEvent Event, long EnqueuedAt);

    private async Task ReleaseGapsAsync(CancellationToken stoppingToken)
    {
        var maxWait = (long)(TopicOrder.MaxWait.TotalSeconds * Stopwatch.Frequency);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                // Only topics holding events behind a gap; in the common case (nothing out of order) none.
                foreach (var (order, _) in _held)
                {
                    if (!order.Expire(Stopwatch.GetTimestamp(), maxWait, Enqueue))
                    {
                        _held.TryRemove(order, out _);
                        if (order.HasPending)
                        {
                            _held.TryAdd(order, 0); // an event arrived between the two: keep watching it
                        }
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Remembers a new connection so that it can be closed when its user is signed out everywhere.</summary>
    public void Attach(HubCallerContext caller)
    {
        _callers[caller.ConnectionId] = caller;

        // The graceful stop must run before SignalR's own stopping callback, which closes every connection at once
        // without a close message. That callback is registered when SignalR's connection manager is first used (the
        // first connection), and stopping callbacks run last-registered first: so this one is registered at the first
        // connection, after it.
        if (Interlocked.Exchange(ref _drainRegistered, 1) == 0)
        {
            lifetime.ApplicationStopping.Register(Drain);
        }
    }

    /// <summary>Closes every local connection in a user's topic: the user's sessions ended (see EventNames.SignOut).</summary>
    private void SignOut(string userTopic)
    {
        foreach (var (connectionId, joined) in _connections)
        {
            if (joined.Contains(userTopic) && _callers.TryGetValue(connectionId, out var caller))
            {
                LogSignedOut(connectionId, userTopic);
                caller.Abort();
            }
        }
    }

    /// <summary>Adds a connection to a topic's SignalR group and makes sure this node is registered with the topic.</summary>
    public async Task JoinAsync(string connectionId, string topic)
    {
        var joined = _connections.GetOrAdd(connectionId, _ => new JoinedTopics());
        if (!joined.TryAdd(topic))
        {
            return;
        }

        // Group first, registration second: once the join returns, nothing published to the topic can miss this connection.
        await hub.Groups.AddToGroupAsync(connectionId, topic);
        try
        {
            await ChangeMembersAsync(topic, +1);
        }
        catch
        {
            joined.TryRemove(topic);
            await hub.Groups.RemoveFromGroupAsync(connectionId, topic);
            throw;
        }
    }

    public async Task LeaveAsync(string connectionId, string topic)
    {
        if (!_connections.TryGetValue(connectionId, out var joined) || !joined.TryRemove(topic))
        {
            return;
        }

        await hub.Groups.RemoveFromGroupAsync(connectionId, topic);
        await ChangeMembersAsync(topic, -1);
    }

    /// <summary>A connection closed: SignalR has already removed it from its groups; only the counts remain.</summary>
    public async Task LeaveAllAsync(string connectionId)
    {
        _conversationAccess.TryRemove(connectionId, out _);
        _seats.TryRemove(connectionId, out _);
        _callers.TryRemove(connectionId, out _);
        if (!_connections.TryRemove(connectionId, out var joined))
        {
            return;
        }

        foreach (var topic in joined.Snapshot())
        {
            await ChangeMembersAsync(topic, -1);
        }
    }

    /// <summary>
    /// Joins (or leaves) every local connection that is in <paramref name="memberTopic"/> to <paramref name="topic"/> too.
    /// Leaving a conversation's topic also leaves its typing topic and forgets the connection's access to it, so a
    /// removed member hears nothing more of it and may not type in it.
    /// </summary>
    private async Task FollowAsync(string memberTopic, string topic, bool join)
    {
        var conversationId = topic.StartsWith(ConversationTopicPrefix, StringComparison.Ordinal) ? topic[ConversationTopicPrefix.Length..] : null;
        foreach (var (connectionId, joined) in _connections)
        {
            if (!joined.Contains(memberTopic))
            {
                continue;
            }

            if (join)
            {
                await JoinAsync(connectionId, topic);
                continue;
            }

            await LeaveAsync(connectionId, topic);
            if (conversationId is not null)
            {
                await LeaveAsync(connectionId, Topics.Typing(conversationId));
                if (_conversationAccess.TryGetValue(connectionId, out var access))
                {
                    access.TryRemove(conversationId, out _);
                }
            }
        }
    }

    private static readonly string ConversationTopicPrefix = Topics.Conversation("");

    /// <summary>Whether this connection was already found to be allowed into a conversation (and has not been removed since).</summary>
    public bool HasConversationAccess(string connectionId, string conversationId) =>
        _conversationAccess.TryGetValue(connectionId, out var access) && access.ContainsKey(conversationId);

    /// <summary>Remembers, for the connection's life or until its user leaves the conversation, that it may use it.</summary>
    public void RememberConversationAccess(string connectionId, string conversationId) =>
        _conversationAccess.GetOrAdd(connectionId, _ => new ConcurrentDictionary<string, byte>(StringComparer.Ordinal)).TryAdd(conversationId, 0);

    /// <summary>Remembers the connection's seat in a session (for signals) until it leaves, disconnects or the session ends.</summary>
    public void RememberSeat(string connectionId, string sessionId, SessionSeat seat) =>
        _seats.GetOrAdd(connectionId, _ => new ConcurrentDictionary<string, SessionSeat>(StringComparer.Ordinal))[sessionId] = seat;

    /// <summary>The connection's seat in a session, or null when it holds none.</summary>
    public SessionSeat? SeatOf(string connectionId, string sessionId) =>
        _seats.TryGetValue(connectionId, out var seats) && seats.TryGetValue(sessionId, out var seat) ? seat : null;

    /// <summary>Forgets the connection's seat in a session and answers it.</summary>
    public SessionSeat? ForgetSeat(string connectionId, string sessionId) =>
        _seats.TryGetValue(connectionId, out var seats) && seats.TryRemove(sessionId, out var seat) ? seat : null;

    /// <summary>Forgets every seat of a closing connection and answers them, so their sessions can start the departure grace.</summary>
    public IReadOnlyList<KeyValuePair<string, SessionSeat>> TakeSeats(string connectionId) =>
        _seats.TryRemove(connectionId, out var seats) ? [.. seats] : [];

    /// <summary>A session ended: no local connection may signal in it any more.</summary>
    private void ForgetSession(string sessionTopic)
    {
        var sessionId = sessionTopic[SessionTopicPrefix.Length..];
        foreach (var (_, seats) in _seats)
        {
            seats.TryRemove(sessionId, out _);
        }
    }

    private static readonly string SessionTopicPrefix = Topics.Session("");

    /// <summary>Topics with members on this node (for diagnostics).</summary>
    public int TopicCount => _topics.Count;

    /// <summary>Hub connections on this node.</summary>
    public int ConnectionCount => _connections.Count;

    private async Task ChangeMembersAsync(string topic, int delta)
    {
        while (true)
        {
            var members = _topics.GetOrAdd(topic, _ => new TopicMembers());
            await members.Gate.WaitAsync();
            try
            {
                if (members.Retired)
                {
                    continue; // replaced after its last member left; use the new entry
                }

                var before = members.Count;
                members.Count = Math.Max(0, before + delta);
                if (before == 0 && members.Count > 0)
                {
                    try
                    {
                        if (fanout.Value.Streamed(topic))
                        {
                            members.Stream = await SubscribeStreamAsync(topic);
                        }
                        else
                        {
                            Follow(topic, await grains.GetGrain<ITopicGrain>(topic).SubscribeAsync(_registration!, NextGeneration()));
                        }
                    }
                    catch
                    {
                        members.Count = before;
                        throw;
                    }
                }
                else if (before > 0 && members.Count == 0)
                {
                    // Numbered before the entry is removed, so a member joining next subscribes with a newer number
                    // and the topic ignores this unsubscribe if it arrives second.
                    var generation = NextGeneration();
                    members.Retired = true;
                    _order.TryRemove(topic, out _);
                    _topics.TryRemove(new KeyValuePair<string, TopicMembers>(topic, members));
                    if (members.Stream is { } subscription)
                    {
                        await UnsubscribeStreamAsync(topic, subscription);
                    }
                    else
                    {
                        await UnsubscribeAsync(topic, generation);
                    }
                }

                return;
            }
            finally
            {
                members.Gate.Release();
            }
        }
    }

    private long NextGeneration() => Interlocked.Increment(ref _generation);

    /// <summary>A streamed topic: the stream keeps its events in order, so they go straight to the send queue.</summary>
    private Task<StreamSubscriptionHandle<RealtimeEvent>> SubscribeStreamAsync(string topic) =>
        services.GetRequiredKeyedService<IStreamProvider>(RealtimeFanoutSettings.StreamProvider)
            .GetStream<RealtimeEvent>(RealtimeFanoutSettings.StreamOf(topic))
            .SubscribeAsync((realtimeEvent, _) =>
            {
                Enqueue(realtimeEvent);
                return Task.CompletedTask;
            });

    private async Task UnsubscribeStreamAsync(string topic, StreamSubscriptionHandle<RealtimeEvent> subscription)
    {
        try
        {
            await subscription.UnsubscribeAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogUnsubscribeFailed(e, topic);
        }
    }

    private async Task UnsubscribeAsync(string topic, long generation)
    {
        try
        {
            await grains.GetGrain<ITopicGrain>(topic).UnsubscribeAsync(NodeId, generation);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The lease runs out by itself; a failed unsubscribe only costs a few ignored deliveries.
            LogUnsubscribeFailed(e, topic);
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll([.. _queues.Select(q => SendLoopAsync(q.Reader, stoppingToken)), ReleaseGapsAsync(stoppingToken), RenewLoopAsync(stoppingToken), WatchMembershipAsync(stoppingToken), RecheckSessionsAsync(stoppingToken)]);

    private async Task SendLoopAsync(ChannelReader<Queued> queue, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var (realtimeEvent, enqueuedAt) in queue.ReadAllAsync(stoppingToken))
            {
                Interlocked.Decrement(ref _queued);
                try
                {
                    if (realtimeEvent.Name is EventNames.FollowTopic or EventNames.UnfollowTopic)
                    {
                        var topic = JsonSerializer.Deserialize<JsonElement>(realtimeEvent.Payload).GetProperty("topic").GetString()!;
                        await FollowAsync(realtimeEvent.Topic, topic, realtimeEvent.Name == EventNames.FollowTopic);
                        continue;
                    }

                    if (realtimeEvent.Name == EventNames.SignOut)
                    {
                        SignOut(realtimeEvent.Topic);
                        continue;
                    }

                    await hub.Clients.Group(realtimeEvent.Topic).SendAsync(realtimeEvent.Name, new PreSerializedJson(realtimeEvent.Payload), stoppingToken);
                    _delivered?.Add(1);
                    _sendTime?.Record(Stopwatch.GetElapsedTime(enqueuedAt).TotalMilliseconds);
                    if (realtimeEvent.Name == EventNames.SessionEnded && realtimeEvent.Topic.StartsWith(SessionTopicPrefix, StringComparison.Ordinal))
                    {
                        ForgetSession(realtimeEvent.Topic);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogSendFailed(e, realtimeEvent.Name, realtimeEvent.Topic);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Closes open connections whose account's sessions ended: the sign-out event normally does that at once, but it is
    /// one event through one topic and can be missed (a topic moving after a silo died); this sweep bounds how long a
    /// stale connection keeps hearing events. One grain read per connected user per interval.
    /// </summary>
    private async Task RecheckSessionsAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, settings.Value.SessionRecheckSeconds * 6)));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                // One read per signed-in user (their connections share one stamp), not one per connection.
                foreach (var sameSession in _callers.Values.GroupBy(c => (c.User?.FindFirst(OmniBizClaims.UserId)?.Value, c.User?.FindFirst(OmniBizClaims.SecurityStamp)?.Value)))
                {
                    try
                    {
                        if (!await HubSessionFilter.IsCurrentAsync(grains, sameSession.First()))
                        {
                            foreach (var caller in sameSession)
                            {
                                LogSignedOut(caller.ConnectionId, "(session recheck)");
                                caller.Abort();
                            }
                        }
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        LogRecheckFailed(e, sameSession.First().ConnectionId);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RenewLoopAsync(CancellationToken stoppingToken)
    {
        var interval = Lease / 3;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _renewNow.WaitAsync(interval, stoppingToken);
                await RenewAllAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task RenewAllAsync(CancellationToken stoppingToken)
    {
        if (_draining)
        {
            return; // stopping: the topics were told to stop sending here
        }

        var failures = 0;
        await Parallel.ForEachAsync(
            _topics.Where(t => t.Value.Count > 0 && t.Value.Stream is null).Select(t => t.Key).ToList(),
            new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = stoppingToken },
            async (topic, _) =>
            {
                try
                {
                    Follow(topic, await grains.GetGrain<ITopicGrain>(topic).SubscribeAsync(_registration!, NextGeneration()));
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Interlocked.Increment(ref failures);
                    LogRenewFailed(e, topic);
                }
            });
        if (failures > 0)
        {
            // A topic may still be moving off a dead silo: try again soon rather than a full interval later.
            _ = RenewSoonAsync(stoppingToken);
        }
    }

    /// <summary>The topic's activation is going away: register with the next one now (it answers once it is up).</summary>
    private async Task RenewAsync(string topic)
    {
        if (_draining || !_topics.TryGetValue(topic, out var members) || members.Count == 0 || members.Stream is not null)
        {
            return;
        }

        try
        {
            Follow(topic, await grains.GetGrain<ITopicGrain>(topic).SubscribeAsync(_registration!, NextGeneration()));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogRenewFailed(e, topic);
            _renewNow.Release();
        }
    }

    private async Task RenewSoonAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            _renewNow.Release();
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task WatchMembershipAsync(CancellationToken stoppingToken)
    {
        // Only a co-hosted silo sees membership; a client-mode node relies on its renew timer.
        if (services.GetService<IClusterMembershipService>() is not { } membership)
        {
            return;
        }

        var dead = new HashSet<SiloAddress>();
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stoppingToken))
            {
                var newlyDead = snapshot.Members.Values.Where(m => m.Status == SiloStatus.Dead && dead.Add(m.SiloAddress)).ToList();
                if (newlyDead.Count > 0)
                {
                    LogSiloDied(string.Join(", ", newlyDead.Select(m => m.SiloAddress)));
                    // Topic grains that lived there come back empty on another silo: fill them now.
                    _renewNow.Release();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override void Dispose()
    {
        _renewNow.Dispose();
        base.Dispose();
    }

    /// <summary>
    /// The topics one connection joined: a handful, changed rarely, held for the connection's life. A plain set under a
    /// lock costs a fraction of a concurrent dictionary, and every open connection has one.
    /// </summary>
    private sealed class JoinedTopics
    {
        private readonly HashSet<string> _topics = new(StringComparer.Ordinal);

        public bool TryAdd(string topic)
        {
            lock (_topics)
            {
                return _topics.Add(topic);
            }
        }

        public bool TryRemove(string topic)
        {
            lock (_topics)
            {
                return _topics.Remove(topic);
            }
        }

        public bool Contains(string topic)
        {
            lock (_topics)
            {
                return _topics.Contains(topic);
            }
        }

        public string[] Snapshot()
        {
            lock (_topics)
            {
                return [.. _topics];
            }
        }
    }

    private sealed class TopicMembers
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public int Count { get; set; }

        public bool Retired { get; set; }

        /// <summary>This node's subscription when the topic is carried by an Orleans stream.</summary>
        public StreamSubscriptionHandle<RealtimeEvent>? Stream { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping: deregistered {Topics} topics, {Unsent} events left unsent, asked {Connections} connections to reconnect elsewhere, {Open} still open ({Elapsed} ms)")]
    private partial void LogDrained(int topics, long unsent, int connections, int open, long elapsed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Graceful stop: {Step} did not finish")]
    private partial void LogDrainStepFailed(Exception e, string step);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not check the session of connection {ConnectionId}; will try again")]
    private partial void LogRecheckFailed(Exception e, string connectionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Realtime node {NodeId} started ({Silo})")]
    private partial void LogNodeStarted(string nodeId, string silo);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not send {EventName} to {Topic}")]
    private partial void LogSendFailed(Exception e, string eventName, string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew this node's registration with topic {Topic}")]
    private partial void LogRenewFailed(Exception e, string topic);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not unsubscribe from topic {Topic}")]
    private partial void LogUnsubscribeFailed(Exception e, string topic);

    [LoggerMessage(Level = LogLevel.Information, Message = "Closing connection {ConnectionId}: the sessions of {UserTopic} ended")]
    private partial void LogSignedOut(string connectionId, string userTopic);

    [LoggerMessage(Level = LogLevel.Information, Message = "Topic {Topic} came back as a new activation: telling its connections to resync")]
    private partial void LogResync(string topic);

    /// <summary>A client-mode node lost (or regained) a gateway: a silo may have died, so topics may have moved.</summary>
    public void GatewaysChanged() => _renewNow.Release();

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo(s) {Silos} declared dead: renewing topic registrations")]
    private partial void LogSiloDied(string silos);
}
