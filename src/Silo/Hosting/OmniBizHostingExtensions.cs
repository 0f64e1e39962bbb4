using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Dashboard;
using OmniBiz.Grains.Catalog;
using OmniBiz.Grains.Fleet;
using OmniBiz.Grains.Identity;
using OmniBiz.Grains.Messaging;
using OmniBiz.Grains.Support;
using OmniBiz.Grains.Sessions;
using OmniBiz.Grains.Orders;
using OmniBiz.Grains.Projections;
using OmniBiz.Grains.Purchasing;
using OmniBiz.Grains.Realtime;
using OmniBiz.Grains.Storage;
using OmniBiz.Silo.Database;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;

namespace OmniBiz.Silo.Hosting;

public static class OmniBizHostingExtensions
{
    private const string Invariant = "Npgsql";

    /// <summary>
    /// Opens the node's PostgreSQL (configured, or private and embedded), applies migrations, and registers
    /// an <see cref="NpgsqlDataSource"/> for read models. Safe to call once per host.
    /// </summary>
    public static OmniBizDatabase AddOmniBizDatabase(this IHostApplicationBuilder builder)
    {
        using var loggerFactory = LoggerFactory.Create(logging => logging
            .AddConfiguration(builder.Configuration.GetSection("Logging"))
            .AddSimpleConsole(o => o.SingleLine = true));
        var logger = loggerFactory.CreateLogger("OmniBiz.Database");
        var database = OmniBizDatabase.OpenAsync(builder.Configuration, logger).GetAwaiter().GetResult();

        builder.Services.AddSingleton(database);
        builder.Services.AddHostedService<DatabaseLifetime>();
        builder.Services.TryAddSingleton(_ => NpgsqlDataSource.Create(database.ConnectionString));
        builder.Services.TryAddSingleton(TimeProvider.System);
        return database;
    }

    /// <summary>Runs an Orleans silo in this host: clustering, grain storage and reminders on PostgreSQL.</summary>
    public static IHostApplicationBuilder AddOmniBizSilo(this IHostApplicationBuilder builder, OmniBizDatabase database)
    {
        var cluster = ClusterSettings.From(builder.Configuration);
        builder.UseOrleans(silo =>
        {
            if (cluster.Mode == ClusterMode.Local)
            {
                // One node: nothing outside this machine reaches its Orleans ports, so it takes free ones of its own and two
                // Local nodes on one machine never share a port (the kernel would spread connections between them).
                silo.UseLocalhostClustering(FreeLoopbackPort(), FreeLoopbackPort(), serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
            }
            else
            {
                var listenOn = cluster.ListenOnAnyAddress ? IPAddress.Any : IPAddress.Parse(cluster.AdvertisedAddress);
                StartupFailure.EnsurePortFree(listenOn, cluster.SiloPort, $"{ClusterSettings.Section}:SiloPort");
                StartupFailure.EnsurePortFree(listenOn, cluster.GatewayPort, $"{ClusterSettings.Section}:GatewayPort");
                silo.Services.Configure<ClusterOptions>(cluster.Apply);
                silo.UseAdoNetClustering(o =>
                {
                    o.Invariant = Invariant;
                    o.ConnectionString = database.ConnectionString;
                });
                silo.ConfigureEndpoints(IPAddress.Parse(cluster.AdvertisedAddress), cluster.SiloPort, cluster.GatewayPort, cluster.ListenOnAnyAddress);
            }

            if (cluster.Kubernetes)
            {
                // Pod name, namespace and address from the downward API; membership checked against the pods that exist.
                silo.UseKubernetesHosting();
            }

            silo.Configure<ClusterMembershipOptions>(builder.Configuration.GetSection($"{ClusterSettings.Section}:Membership"));
            silo.AddOmniBizGrains(database.ConnectionString);
            silo.AddActivityPropagation();
            if (builder.Configuration.GetSection(TelemetrySettings.Section).Get<TelemetrySettings>()?.OrleansDashboard != false)
            {
                silo.AddDashboard();
            }
        });
        return builder;
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>What every OmniBiz silo needs whatever its clustering: grain storage, reminders, grain services.</summary>
    public static ISiloBuilder AddOmniBizGrains(this ISiloBuilder silo, string connectionString)
    {
        silo.AddIncomingGrainCallFilter<StorageFailureFilter>();
        silo.AddAdoNetGrainStorage(StorageNames.Main, o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = connectionString;
        });
        var writesJson = silo.Configuration.GetSection(StorageSettings.Section).Get<StorageSettings>()?.WritesJson == true;
        silo.Services.AddOptions<AdoNetGrainStorageOptions>(StorageNames.Main).Configure<Serializer, OrleansJsonSerializer>((o, binary, json) =>
            o.GrainStorageSerializer = new StateSerializer(binary, new JsonGrainStorageSerializer(json), writesJson));
        silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = connectionString;
        });
        silo.Services.TryAddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.TryAddSingleton<IProjectionFaults, NoProjectionFaults>();
        silo.Services.TryAddSingleton<Projector>();
        silo.Services.AddOptions<RealtimeFanoutSettings>().BindConfiguration(RealtimeFanoutSettings.Section);
        silo.Services.TryAddSingleton<RealtimePublisher>();
        if (UsesStreams(silo.Configuration))
        {
            // Conversation topics over Orleans memory streams (the comparison in docs/benchmarks.md); subscriptions are
            // kept in PostgreSQL like grain state.
            silo.AddMemoryStreams(RealtimeFanoutSettings.StreamProvider);
            silo.AddAdoNetGrainStorage("PubSubStore", o =>
            {
                o.Invariant = Invariant;
                o.ConnectionString = connectionString;
            });
        }

        silo.Services.TryAddSingleton<ReadModelWriter>();
        silo.Services.TryAddSingleton<ProductReadModel>();
        silo.Services.TryAddSingleton<OrderReadModel>();
        silo.Services.TryAddSingleton<OrderNumbers>();
        silo.Services.TryAddSingleton<IPaymentGateway, OfflinePaymentGateway>();
        silo.Services.TryAddSingleton<IOrderPlacementFaults, NoOrderPlacementFaults>();
        silo.Services.AddOptions<OrdersSettings>().BindConfiguration(OrdersSettings.Section);
        silo.Services.TryAddSingleton<UserReadModel>();
        silo.Services.TryAddSingleton<SupplierReadModel>();
        silo.Services.TryAddSingleton<PurchaseOrderReadModel>();
        silo.Services.TryAddSingleton<PurchaseOrderNumbers>();
        silo.Services.TryAddSingleton<IReceiptFaults, NoReceiptFaults>();
        silo.Services.AddOptions<PurchasingSettings>().BindConfiguration(PurchasingSettings.Section);
        silo.Services.AddOptions<FleetSettings>().BindConfiguration(FleetSettings.Section);
        silo.Services.TryAddSingleton<FleetReadModel>();
        silo.Services.TryAddSingleton<MessageStore>();
        silo.Services.TryAddSingleton<TicketStore>();
        silo.Services.TryAddSingleton<SessionStore>();
        silo.Services.AddOptions<SessionsSettings>().BindConfiguration(SessionsSettings.Section);
        silo.Services.TryAddSingleton<TrailWriter>();
        silo.Services.TryAddSingleton(_ => new MessageWriter.Connections(connectionString));
        silo.Services.TryAddSingleton<MessageWriter>();
        silo.Services.TryAddSingleton<MapFeed>();
        silo.Services.AddHostedService(sp => sp.GetRequiredService<TrailWriter>());
        silo.Services.AddHostedService(sp => sp.GetRequiredService<ReadModelWriter>());
        silo.Services.AddHostedService(sp => sp.GetRequiredService<MessageWriter>());
        silo.Services.AddHostedService(sp => sp.GetRequiredService<MapFeed>());
        silo.Services.AddHostedService<TrailPartitions>();
        return silo;
    }

    /// <summary>Joins the cluster as an Orleans client (a web node that does not co-host a silo).</summary>
    public static IHostApplicationBuilder AddOmniBizClusterClient(this IHostApplicationBuilder builder, OmniBizDatabase database, Action<IClientBuilder>? configure = null)
    {
        var cluster = ClusterSettings.From(builder.Configuration);
        builder.UseOrleansClient(client =>
        {
            if (cluster.Mode == ClusterMode.Local)
            {
                client.UseLocalhostClustering(cluster.GatewayPort, cluster.ServiceId, cluster.ClusterId);
            }
            else
            {
                client.Services.Configure<ClusterOptions>(cluster.Apply);
                client.UseAdoNetClustering(o =>
                {
                    o.Invariant = Invariant;
                    o.ConnectionString = database.ConnectionString;
                });
            }

            if (UsesStreams(builder.Configuration))
            {
                client.AddMemoryStreams(RealtimeFanoutSettings.StreamProvider);
            }

            client.AddActivityPropagation();
            if (builder.Configuration.GetSection(TelemetrySettings.Section).Get<TelemetrySettings>()?.OrleansDashboard != false)
            {
                client.AddDashboard();
            }

            configure?.Invoke(client);
        });
        return builder;
    }

    private static bool UsesStreams(IConfiguration configuration) =>
        configuration.GetSection(RealtimeFanoutSettings.Section).Get<RealtimeFanoutSettings>()?.UsesStreams == true;
}
