using System.Collections.Immutable;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OmniBiz.GrainInterfaces.Realtime;
using Orleans.Streams;

namespace OmniBiz.Grains.Realtime;

/// <summary>
/// Which mechanism carries conversation topics to the web nodes (<c>OmniBiz:Realtime:ConversationFanout</c>, the same on
/// every node of a cluster): <c>topics</c> (the default: topic grains calling each node's observer once) or
/// <c>streams</c> (Orleans memory streams, one stream per conversation, each node subscribing while it has members).
/// Other topics always use topic grains. docs/benchmarks.md compares the two; docs/architecture.md gives the decision.
/// </summary>
public sealed class RealtimeFanoutSettings
{
    public const string Section = "OmniBiz:Realtime";

    public const string Topics = "topics";

    public const string Streams = "streams";

    /// <summary>The Orleans stream provider that carries stream topics.</summary>
    public const string StreamProvider = "realtime";

    /// <summary>The stream namespace of topics; the stream key is the topic name.</summary>
    public const string StreamNamespace = "topic";

    public string ConversationFanout { get; set; } = Topics;

    public bool UsesStreams => string.Equals(ConversationFanout, Streams, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether <paramref name="topic"/> travels over a stream with these settings.</summary>
    public bool Streamed(string topic) =>
        UsesStreams && topic.StartsWith(ConversationPrefix, StringComparison.Ordinal);

    /// <summary>The stream of a streamed topic.</summary>
    public static StreamId StreamOf(string topic) => StreamId.Create(StreamNamespace, topic);

    private static readonly string ConversationPrefix = GrainInterfaces.Realtime.Topics.Conversation("");
}

/// <summary>
/// Publishes events to a topic whichever mechanism carries it: the topic's grain, or its Orleans stream. Grains that
/// publish to conversation topics use this; the payload is serialized once either way.
/// </summary>
public sealed class RealtimePublisher(IGrainFactory grains, IServiceProvider services, IOptions<RealtimeFanoutSettings> settings)
{
    public Task PublishAsync<TPayload>(string topic, string eventName, TPayload payload)
    {
        if (!settings.Value.Streamed(topic))
        {
            return grains.PublishAsync(topic, eventName, payload);
        }

        var realtimeEvent = new RealtimeEvent(topic, eventName, JsonSerializer.SerializeToUtf8Bytes(payload, RealtimeJson.Options));
        return services.GetRequiredKeyedService<IStreamProvider>(RealtimeFanoutSettings.StreamProvider)
            .GetStream<RealtimeEvent>(RealtimeFanoutSettings.StreamOf(topic))
            .OnNextAsync(realtimeEvent);
    }

    /// <summary>Publishes payloads already serialized, in order, to one topic (one call to its grain).</summary>
    public async Task PublishManyAsync(string topic, string eventName, IReadOnlyList<byte[]> payloads)
    {
        if (!settings.Value.Streamed(topic))
        {
            var events = ImmutableArray.CreateBuilder<RealtimeEvent>(payloads.Count);
            foreach (var payload in payloads)
            {
                events.Add(new RealtimeEvent(topic, eventName, payload));
            }

            await grains.GetGrain<ITopicGrain>(topic).PublishManyAsync(events.MoveToImmutable());
            return;
        }

        var stream = services.GetRequiredKeyedService<IStreamProvider>(RealtimeFanoutSettings.StreamProvider)
            .GetStream<RealtimeEvent>(RealtimeFanoutSettings.StreamOf(topic));
        foreach (var payload in payloads)
        {
            await stream.OnNextAsync(new RealtimeEvent(topic, eventName, payload));
        }
    }
}
