using System.Collections.Immutable;
using Microsoft.AspNetCore.Http.HttpResults;
using OmniBiz.GrainInterfaces.Realtime;
using OmniBiz.WebHost.Auth;

namespace OmniBiz.WebHost.Realtime;

/// <summary>Operator views of the fan-out (admin only).</summary>
public static class RealtimeApi
{
    public static IEndpointRouteBuilder MapRealtimeApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin/realtime").WithTags("Realtime").RequireAuthorization(Policies.Admin);
        group.MapGet("/node", (RealtimeNode node) => TypedResults.Ok(new NodeInfo(node.NodeId, node.TopicCount)))
            .WithName("GetRealtimeNode").WithSummary("This node's id and how many topics have members here.");
        group.MapGet("/topics/{topic}", GetTopicAsync)
            .WithName("GetRealtimeTopic").WithSummary("The nodes registered with a topic (dead and expired ones pruned).");
        return app;
    }

    private static async Task<Ok<TopicInfo>> GetTopicAsync(string topic, IGrainFactory grains) =>
        TypedResults.Ok(new TopicInfo(topic, await grains.GetGrain<ITopicGrain>(topic).GetNodesAsync()));

    public sealed record NodeInfo(string NodeId, int Topics);

    public sealed record TopicInfo(string Topic, ImmutableArray<string> Nodes);
}
