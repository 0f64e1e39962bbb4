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

    /// <summary>Chat messages committed.</summary>
    public static readonly Counter<long> MessagesStored = Meter.CreateCounter<long>("omnibiz.messages.stored", "{message}", "Chat messages committed.");

    /// <summary>Events published to topics (each once, whatever the number of nodes it goes to).</summary>
    public static readonly Counter<long> EventsPublished = Meter.CreateCounter<long>("omnibiz.realtime.events.published", "{event}", "Events published to realtime topics.");
}
