using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OmniBiz.Grains.Orders;
using OmniBiz.Grains.Purchasing;
using OmniBiz.Grains.Tests.Purchasing;
using OmniBiz.Grains.Projections;
using OmniBiz.Silo.Hosting;
using OmniBiz.Tests.Shared;
using Orleans.TestingHost;

namespace OmniBiz.Grains.Tests;

/// <summary>An in-process two-silo Orleans cluster whose grains store their state in a real PostgreSQL database.</summary>
public class ClusterFixture : IAsyncLifetime
{
    private readonly int _silos;
    private readonly IReadOnlyDictionary<string, string?> _settings;

    public ClusterFixture()
        : this(2, new Dictionary<string, string?>())
    {
    }

    protected ClusterFixture(int silos, IReadOnlyDictionary<string, string?> settings) => (_silos, _settings) = (silos, settings);

    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.GrainFactory;

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        ConnectionString = await TestPostgres.CreateMigratedDatabaseAsync("grains");
        var builder = new TestClusterBuilder((short)_silos);
        builder.ConfigureHostConfiguration(config => config.AddInMemoryCollection(new Dictionary<string, string?>(_settings)
        {
            ["ConnectionStrings:OmniBiz"] = ConnectionString,
            ["OmniBiz:Orders:RecoveryDelay"] = "00:00:02",
            ["OmniBiz:Sessions:EndGrace"] = "00:00:01",
            ["OmniBiz:Sessions:DepartureGrace"] = "00:00:01",
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
            siloBuilder.Services.AddSingleton<IProjectionFaults>(ProjectionFailures.Instance);
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

/// <summary>A one-silo cluster where unpaid orders expire within seconds and a customer may hold only a few of them.</summary>
public sealed class ShortPaymentTimeoutFixture : ClusterFixture
{
    public ShortPaymentTimeoutFixture()
        : base(1, new Dictionary<string, string?>
        {
            ["OmniBiz:Orders:PaymentTimeout"] = "00:00:08", // long enough that a loaded machine places and pays before it, short enough to wait for
            ["OmniBiz:Orders:MaxUnpaidPerCustomer"] = "2",
        })
    {
    }
}

[CollectionDefinition(Name)]
public sealed class ShortPaymentTimeoutCollection : ICollectionFixture<ShortPaymentTimeoutFixture>
{
    public const string Name = "short payment timeout";
}
