using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using OmniBiz.GrainInterfaces.Common;
using OmniBiz.Silo.Database;
using OmniBiz.WebHost.Auth;
using OmniBiz.WebHost.Realtime;

namespace OmniBiz.WebHost.Hosting;

/// <summary>What a node says about itself, for operators and the load harness (admin only).</summary>
public static class OperationsApi
{
    public static IEndpointRouteBuilder MapOperationsApi(this IEndpointRouteBuilder app)
    {
        // The node starts when it is composed, not at its first metrics call: a static field would count from the
        // first call that touched it, and would be shared by every node in one process (as in tests).
        var started = Stopwatch.GetTimestamp();
        app.MapGet("/api/admin/metrics", (RealtimeNode node, OmniBizDatabase database, string? collect) => GetMetrics(node, database, collect, started)).WithTags("Operations").RequireAuthorization(Policies.Admin)
            .WithName("GetNodeMetrics").WithSummary("This node's memory, CPU time and hub connections; collect=true runs a full garbage collection first.");
        return app;
    }

    private static Ok<NodeMetrics> GetMetrics(RealtimeNode node, OmniBizDatabase database, string? collect, long started)
    {
        // Read here rather than bound as bool?: a value that is not a boolean is then refused naming "collect".
        var collecting = collect switch
        {
            null or "" => false,
            _ when bool.TryParse(collect, out var flag) => flag,
            _ => throw DomainException.Invalid("collect", "collect must be true or false."),
        };
        if (collecting)
        {
            // Heap figures that compare across samples (memory per connection), at the cost of one blocking collection.
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        using var process = Process.GetCurrentProcess();
        return TypedResults.Ok(new NodeMetrics(
            process.WorkingSet64,
            GC.GetTotalMemory(forceFullCollection: false),
            process.TotalProcessorTime.TotalSeconds,
            node.ConnectionCount,
            Stopwatch.GetElapsedTime(started).TotalSeconds,
            database.DatabaseCpuSeconds));
    }

    /// <summary>
    /// Memory in bytes, CPU in seconds since start, connections on this node; <c>databaseCpuSeconds</c> is the CPU its
    /// embedded PostgreSQL has used since that started (null when the node uses a configured server).
    /// </summary>
    public sealed record NodeMetrics(long WorkingSetBytes, long GcHeapBytes, double CpuSeconds, int Connections, double UptimeSeconds, double? DatabaseCpuSeconds);
}
