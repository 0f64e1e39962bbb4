using OmniBiz.GrainInterfaces.Realtime;

namespace OmniBiz.WebHost.Realtime;

/// <summary>
/// Puts one topic's events back in publishing order on this node. Orleans may hand one-way calls to a node out of
/// order; events are released in sequence, starting after the position the topic reported when the node registered.
/// A gap (an event that never comes) is skipped after <see cref="MaxWait"/>, so a topic never stalls. When the topic's
/// events start coming from a new activation (its silo died), <c>newActivation</c> runs once, before any of them is
/// released: events published while the new activation knew no nodes are lost, and the node tells its clients so.
/// </summary>
public sealed class TopicOrder(Action? newActivation = null)
{
    public static readonly TimeSpan MaxWait = TimeSpan.FromMilliseconds(250);

    private readonly SortedDictionary<long, RealtimeEvent> _pending = [];
    private string? _epoch;
    private long _next = -1;
    private long _waitingSince;

    /// <summary>
    /// The node registered with (or renewed at) a topic activation whose last event was <paramref name="lastSequence"/>:
    /// what comes next is <paramref name="lastSequence"/> + 1. A new activation restarts the numbering.
    /// </summary>
    /// <returns>Whether events are still held back behind a gap.</returns>
    public bool Start(string epoch, long lastSequence, Action<RealtimeEvent> emit)
    {
        lock (_pending)
        {
            if (epoch == _epoch && _next >= 0)
            {
                return _pending.Count > 0; // already following this activation
            }

            // Events of an older activation go out first; events of this one wait for their turn.
            foreach (var stale in _pending.Where(p => p.Value.Epoch != epoch).ToList())
            {
                emit(stale.Value);
                _pending.Remove(stale.Key);
            }

            if (_epoch is not null && _epoch != epoch)
            {
                newActivation?.Invoke();
            }

            _epoch = epoch;
            _next = lastSequence + 1;
            foreach (var early in _pending.Where(p => p.Key < _next).ToList())
            {
                emit(early.Value);
                _pending.Remove(early.Key);
            }

            Drain(emit);
            return _pending.Count > 0;
        }
    }

    /// <summary>
    /// Takes an event and hands every event now ready to <paramref name="emit"/>, in order. <paramref name="emit"/> runs
    /// under this topic's lock, so two threads delivering to one topic cannot swap its events.
    /// </summary>
    /// <returns>Whether events are now held back behind a gap (the caller watches them for <see cref="Expire"/>).</returns>
    public bool Accept(RealtimeEvent realtimeEvent, long now, Action<RealtimeEvent> emit)
    {
        lock (_pending)
        {
            if (_epoch is not null && realtimeEvent.Epoch != _epoch)
            {
                // A new topic activation (its silo died): release what was held, then wait for the node's renewal to
                // say where the new numbering stands (or for the gap wait).
                foreach (var held in _pending.Values)
                {
                    emit(held);
                }

                _pending.Clear();
                newActivation?.Invoke();
                _epoch = realtimeEvent.Epoch;
                _next = -1;
            }

            if (_next >= 0 && realtimeEvent.Sequence < _next)
            {
                emit(realtimeEvent); // older than what was released after a gap: late, but not dropped
                return _pending.Count > 0;
            }

            if (_pending.Count == 0)
            {
                _waitingSince = now;
            }

            _pending[realtimeEvent.Sequence] = realtimeEvent;
            Drain(emit);
            return _pending.Count > 0;
        }
    }

    /// <summary>Releases events held longer than <see cref="MaxWait"/> behind a gap.</summary>
    /// <returns>Whether events are still held.</returns>
    public bool Expire(long now, long maxWaitTicks, Action<RealtimeEvent> emit)
    {
        lock (_pending)
        {
            if (_pending.Count > 0 && now - _waitingSince >= maxWaitTicks)
            {
                _epoch ??= _pending.Values.First().Epoch;
                _next = _pending.Keys.First();
                Drain(emit);
                _waitingSince = now;
            }

            return _pending.Count > 0;
        }
    }

    public bool HasPending
    {
        get
        {
            lock (_pending)
            {
                return _pending.Count > 0;
            }
        }
    }

    private void Drain(Action<RealtimeEvent> emit)
    {
        while (_next >= 0 && _pending.Remove(_next, out var next))
        {
            emit(next);
            _next++;
        }
    }
}
