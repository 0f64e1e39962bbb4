using OmniBiz.GrainInterfaces.Realtime;

namespace OmniBiz.WebHost.Realtime;

/// <summary>
/// Puts one topic's events back in publishing order on this node. Orleans may hand one-way calls to a node out of
/// order; events are released in sequence, and a gap (an event that never comes, for instance because the node had
/// just registered) is skipped after <see cref="MaxWait"/> so the topic never stalls.
/// </summary>
public sealed class TopicOrder
{
    public static readonly TimeSpan MaxWait = TimeSpan.FromMilliseconds(250);

    private readonly SortedDictionary<long, RealtimeEvent> _pending = [];
    private string? _epoch;
    private long _next;
    private long _waitingSince;

    /// <summary>
    /// Takes an event and hands every event now ready to <paramref name="emit"/>, in order. <paramref name="emit"/> runs
    /// under this topic's lock, so two threads delivering to one topic cannot swap its events.
    /// </summary>
    public void Accept(RealtimeEvent realtimeEvent, long now, Action<RealtimeEvent> emit)
    {
        lock (_pending)
        {
            if (realtimeEvent.Epoch != _epoch)
            {
                // A new topic activation numbers from 1 again: release what was held, then follow the new numbering.
                foreach (var held in _pending.Values)
                {
                    emit(held);
                }

                _pending.Clear();
                _epoch = realtimeEvent.Epoch;
                _next = realtimeEvent.Sequence;
            }

            if (realtimeEvent.Sequence < _next)
            {
                emit(realtimeEvent); // older than what was released after a gap: late, but not dropped
                return;
            }

            if (_pending.Count == 0)
            {
                _waitingSince = now;
            }

            _pending[realtimeEvent.Sequence] = realtimeEvent;
            Drain(emit);
        }
    }

    /// <summary>Releases events held longer than <see cref="MaxWait"/> behind a gap.</summary>
    public void Expire(long now, long maxWaitTicks, Action<RealtimeEvent> emit)
    {
        lock (_pending)
        {
            if (_pending.Count > 0 && now - _waitingSince >= maxWaitTicks)
            {
                _next = _pending.Keys.First();
                Drain(emit);
                _waitingSince = now;
            }
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
        while (_pending.Remove(_next, out var next))
        {
            emit(next);
            _next++;
        }
    }
}
