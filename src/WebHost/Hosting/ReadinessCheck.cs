using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using OmniBiz.GrainInterfaces.Realtime;
using OmniBiz.WebHost.Realtime;

namespace OmniBiz.WebHost.Hosting;

/// <summary>Ready when PostgreSQL answers and a grain call completes, and the node is not stopping.</summary>
public sealed class ReadinessCheck(NpgsqlDataSource db, IGrainFactory grains, RealtimeNode node) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (node.Draining)
        {
            return HealthCheckResult.Unhealthy("The node is stopping.");
        }

        try
        {
            await using var command = db.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken);
        }
        catch (NpgsqlException e)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL is not answering.", e);
        }

        try
        {
            await grains.GetGrain<ITopicGrain>("health").GetNodesAsync().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
        }
        catch (Exception e) when (e is TimeoutException or OrleansException)
        {
            return HealthCheckResult.Unhealthy("The Orleans cluster is not answering.", e);
        }

        return HealthCheckResult.Healthy();
    }
}
