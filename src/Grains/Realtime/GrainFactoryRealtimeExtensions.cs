using System.Text.Json;
using OmniBiz.GrainInterfaces.Realtime;

namespace OmniBiz.Grains.Realtime;

public static class GrainFactoryRealtimeExtensions
{
    /// <summary>Serializes the payload once and hands the event to the topic's grain.</summary>
    public static Task PublishAsync<TPayload>(this IGrainFactory grains, string topic, string eventName, TPayload payload)
    {
        var realtimeEvent = new RealtimeEvent(topic, eventName, JsonSerializer.SerializeToUtf8Bytes(payload, RealtimeJson.Options));
        return grains.GetGrain<ITopicGrain>(topic).PublishAsync(realtimeEvent);
    }

    /// <summary>Serializes the payload once and hands the event to each topic's grain.</summary>
    public static Task PublishAsync<TPayload>(this IGrainFactory grains, IEnumerable<string> topics, string eventName, TPayload payload)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(payload, RealtimeJson.Options);
        return Task.WhenAll(topics.Select(topic => grains.GetGrain<ITopicGrain>(topic).PublishAsync(new RealtimeEvent(topic, eventName, json))));
    }
}
