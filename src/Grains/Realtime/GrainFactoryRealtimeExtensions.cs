using System.Text.Json;
using OmniBiz.GrainInterfaces.Realtime;

namespace OmniBiz.Grains.Realtime;

public static class GrainFactoryRealtimeExtensions
{
    /// <summary>Serializes the payload once and hands the event to the topic's grain.</summary>
    public static Task PublishAsync<TPayload>(this IGrainFactory grains, string topic, string eventName, TPayload payload)
    {
        var realtimeEvent = new RealtimeEvent(topic, eventName, JsonSerializer.Serialize(payload, RealtimeJson.Options));
        return grains.GetGrain<ITopicGrain>(topic).PublishAsync(realtimeEvent);
    }
}
