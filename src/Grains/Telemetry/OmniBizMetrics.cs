using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OmniBiz.Grains.Telemetry;

/// <summary>
/// The product's own meter (<c>OmniBiz</c>; Prometheus names start with <c>omnibiz_</c>). Counters are static and
/// untagged so recording one is an interlocked add; the node adds gauges over its realtime state (connections, topics,
/// send queue) to the same meter.
/// </summary>
public static class OmniBizMetrics
{
    public const string MeterName = "OmniBiz";

    public static readonly Meter Meter = new(MeterName);

    /// <summary>Orders placed (checkouts that reserved their stock and exist).</summary>
    public static readonly Counter<long> OrdersPlaced = Meter.CreateCounter<long>("omnibiz.orders.placed", "{order}", "Orders placed.");

    /// <summary>GPS pings stored in a trail.</summary>
    public static readonly Counter<long> PingsStored = Meter.CreateCounter<long>("omnibiz.pings.stored", "{ping}", "GPS pings accepted and stored.");

    /// <summary>Trail copies the table's key refused (a duplicate ping), written again as an insert that skips stored rows.</summary>
    public static readonly Counter<long> TrailCopiesRetried = Meter.CreateCounter<long>("omnibiz.trail.copies_retried", "{write}", "Trail writes whose COPY met a stored ping and were made again as an insert.");

    /// <summary>Chat messages committed.</summary>
    public static readonly Counter<long> MessagesStored = Meter.CreateCounter<long>("omnibiz.messages.stored", "{message}", "Chat messages committed.");

    /// <summary>Events published to topics (each once, whatever the number of nodes it goes to).</summary>
    public static readonly Counter<long> EventsPublished = Meter.CreateCounter<long>("omnibiz.realtime.events.published", "{event}", "Events published to realtime topics.");

    /// <summary>
    /// Time spent in each step of placing an order (tag <c>step</c>), for reading where a checkout's time goes:
    /// <c>omnibiz_checkout_step_duration_milliseconds_sum</c> over <c>_count</c> per step is its mean.
    /// </summary>
    public static readonly Histogram<double> CheckoutStep = Meter.CreateHistogram<double>("omnibiz.checkout.step.duration", "ms", "Time spent in each step of placing an order.");

    /// <summary>Records the time since <paramref name="since"/> (a <see cref="Stopwatch"/> timestamp) as checkout step <paramref name="step"/>; returns now.</summary>
    public static long CheckoutStepDone(string step, long since)
    {
        var now = Stopwatch.GetTimestamp();
        if (CheckoutStep.Enabled)
        {
            CheckoutStep.Record(Stopwatch.GetElapsedTime(since, now).TotalMilliseconds, new KeyValuePair<string, object?>("step", step));
        }

        return now;
    }
}
