namespace OmniBiz.GrainInterfaces.Realtime;

/// <summary>
/// One state change on its way to a SignalR audience. The payload is serialized once, as camelCase JSON,
/// by the grain that made the change; nodes forward it to their local group unchanged.
/// </summary>
[GenerateSerializer, Immutable, Alias("omnibiz.RealtimeEvent")]
public sealed record RealtimeEvent(
    [property: Id(0)] string Topic,
    [property: Id(1)] string Name,
    [property: Id(2)] string PayloadJson);
