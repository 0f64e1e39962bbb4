using System.Diagnostics;
using System.Net;
using OmniBiz.Tests.Shared;
using OmniBiz.WebHost.Tests.Common;

namespace OmniBiz.WebHost.Tests.Hosting;

/// <summary>A node's uptime counts from its own start, not from its first metrics call nor from another node's.</summary>
public sealed class NodeUptimeTests
{
    [Fact]
    public async Task The_first_metrics_call_reports_the_time_since_this_node_started()
    {
        var settings = TestNode.BaseSettings();
        settings["ConnectionStrings:OmniBiz"] = await TestPostgres.CreateDatabaseAsync("uptime");
        var beforeStart = Stopwatch.StartNew();
        await using var node = await TestNode.StartAsync(settings);
        var sinceStarted = Stopwatch.StartNew();

        // Some work before the first metrics call, so a clock started by that call would fall visibly short.
        using var admin = await node.Client().LoginAsAdminAsync();
        using var customer = await node.Client().RegisterAsync();
        var (status, metrics, _) = await admin.GetAsync("/api/admin/metrics");
        var atMost = beforeStart.Elapsed.TotalSeconds;
        var atLeast = sinceStarted.Elapsed.TotalSeconds;

        Assert.Equal(HttpStatusCode.OK, status);
        var uptime = metrics.GetProperty("uptimeSeconds").GetDouble();
        Assert.InRange(uptime, atLeast, atMost);
    }
}
