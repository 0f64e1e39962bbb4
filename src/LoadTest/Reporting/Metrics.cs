using System.Collections.Concurrent;
using HdrHistogram;

namespace OmniBiz.LoadTest.Reporting;

/// <summary>
/// Everything one run measures: a latency histogram and a count per operation, errors by kind, and invariant
/// violations (lost, duplicated or out-of-order events, overselling). Thread-safe; recording costs no allocation.
/// </summary>
public sealed class Metrics
{
    private readonly ConcurrentDictionary<string, Operation> _operations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _errors = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _counters = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _violations = new();
    private readonly TaskCompletionSource _measuring = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _recording = true;

    /// <summary>Warm-up traffic is sent but not recorded.</summary>
    public bool Recording
    {
        get => _recording;
        set
        {
            _recording = value;
            if (value)
            {
                _measuring.TrySetResult();
            }
        }
    }

    /// <summary>Completes when measurement starts (after the warm-up), for scenarios whose work is a sequence of phases.</summary>
    public Task Measuring => _recording ? Task.CompletedTask : _measuring.Task;

    public void Record(string operation, TimeSpan latency)
    {
        if (!_recording)
        {
            return;
        }

        var op = _operations.GetOrAdd(operation, static _ => new Operation());
        op.Histogram.RecordValue(Math.Max(1, latency.Ticks / 10)); // microseconds
        Interlocked.Increment(ref op.Count);
    }

    public void Error(string kind)
    {
        if (_recording)
        {
            _errors.AddOrUpdate(kind, 1, static (_, n) => n + 1);
        }
    }

    public void Count(string counter, long amount = 1) => _counters.AddOrUpdate(counter, amount, (_, n) => n + amount);

    public long Counter(string counter) => _counters.TryGetValue(counter, out var n) ? n : 0;

    /// <summary>A broken invariant: the run fails (non-zero exit).</summary>
    public void Violation(string description) => _violations.Enqueue(description);

    public IReadOnlyCollection<string> Violations => _violations;

    public IReadOnlyDictionary<string, long> Errors => _errors;

    public IReadOnlyDictionary<string, long> Counters => _counters;

    public long TotalOperations => _operations.Values.Sum(o => Interlocked.Read(ref o.Count));

    public long TotalErrors => _errors.Values.Sum();

    public IEnumerable<(string Name, long Count, HistogramBase Histogram)> Operations =>
        _operations.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => (o.Key, Interlocked.Read(ref o.Value.Count), (HistogramBase)o.Value.Histogram));

    private sealed class Operation
    {
        // Up to one hour in microseconds, three significant digits.
        public readonly LongConcurrentHistogram Histogram = new(1, 3_600_000_000, 3);
        public long Count;
    }
}
