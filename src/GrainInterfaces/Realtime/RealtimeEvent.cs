namespace OmniBiz.GrainInterfaces.Realtime;

/// <summary>
/// One state change on its way to a SignalR audience. The payload is serialized once, as camelCase UTF-8 JSON,
/// by the grain that made the change; nodes write those bytes into their SignalR frames unchanged (never parsed again). The topic grain stamps each
/// event with its activation (<see cref="Epoch"/>) and a sequence number, because Orleans does not keep one-way
/// messages in order: nodes use them to hand a topic's events to SignalR in the order they were published.
/// </summary>
[GenerateSerializer, Immutable, Alias("omnibiz.RealtimeEvent")]
public sealed record RealtimeEvent(
    [property: Id(0)] string Topic,
    [property: Id(1)] string Name,
    [property: Id(2)] byte[] Payload,
    [property: Id(3)] long Sequence = 0,
    [property: Id(4)] string? Epoch = null)
{
    /// <summary>The payload as text (diagnostics and tests).</summary>
    public string PayloadJson => System.Text.Encoding.UTF8.GetString(Payload);
}
