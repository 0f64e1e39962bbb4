using OmniBiz.Tests.Shared;
using OmniBiz.WebHost.Tests.Common;

namespace OmniBiz.WebHost.Tests.Identity;

/// <summary>Two web node processes forming one Orleans cluster on one database, shared by the tests of one class.</summary>
public sealed class TwoNodeCluster : IAsyncLifetime
{
    public NodeProcess A { get; private set; } = null!;

    public NodeProcess B { get; private set; } = null!;

    public async Task InitializeAsync() => (A, B) = await StartAsync("twonodeauth");

    /// <summary>
    /// Starts two nodes on a new database as one AdoNet cluster; <paramref name="configure"/> adds settings to both,
    /// <paramref name="configureB"/> then to node B only.
    /// </summary>
    public static async Task<(NodeProcess A, NodeProcess B)> StartAsync(
        string databasePrefix, Action<Dictionary<string, string?>>? configure = null, Action<Dictionary<string, string?>>? configureB = null)
    {
        var database = await TestPostgres.CreateMigratedDatabaseAsync(databasePrefix);
        var clusterId = $"test-{Guid.NewGuid():N}";
        Dictionary<string, string?> Settings(bool isB)
        {
            var settings = TestNode.BaseSettings();
            settings["ConnectionStrings:OmniBiz"] = database;
            settings["OmniBiz:Cluster:Mode"] = "AdoNet";
            settings["OmniBiz:Cluster:ClusterId"] = clusterId;
            configure?.Invoke(settings);
            if (isB)
            {
                configureB?.Invoke(settings);
            }

            return settings;
        }

        var nodes = await Task.WhenAll(NodeProcess.StartAsync(Settings(false)), NodeProcess.StartAsync(Settings(true)));
        return (nodes[0], nodes[1]);
    }

    public async Task DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
    }
}
