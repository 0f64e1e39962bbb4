using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OmniBiz.Grains.Orders;
using OmniBiz.Grains.Purchasing;
using OmniBiz.Grains.Tests.Purchasing;
using OmniBiz.Silo.Hosting;
using OmniBiz.Tests.Shared;
using Orleans.TestingHost;

namespace OmniBiz.Grains.Tests;

/// <summary>An in-process two-silo Orleans cluster whose grains store their state in a real PostgreSQL database.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.GrainFactory;

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        ConnectionString = await TestPostgres.CreateMigratedDatabaseAsync("grains");
        var builder = new TestClusterBuilder(2);
        builder.ConfigureHostConfiguration(config => config.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:OmniBiz"] = ConnectionString,
            ["OmniBiz:Orders:RecoveryDelay"] = "00:00:02",
            ["OmniBiz:Purchasing:RecoveryDelay"] = "00:00:02",
        }));
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            // Registered first, so the product's default (no faults) is not added.
            siloBuilder.Services.AddSingleton<IOrderPlacementFaults>(PlacementCrashes.Instance);
            siloBuilder.Services.AddSingleton<IReceiptFaults>(ReceiptCrashes.Instance);
            siloBuilder.Services.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
            siloBuilder.AddOmniBizGrains(siloBuilder.Configuration.GetConnectionString("OmniBiz")!);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
