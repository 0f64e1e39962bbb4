using Microsoft.Extensions.Configuration;
using Orleans.Configuration;

namespace OmniBiz.Silo.Hosting;

/// <summary>The <c>OmniBiz:Cluster</c> settings.</summary>
public sealed class ClusterSettings
{
    public const string Section = "OmniBiz:Cluster";

    public static ClusterSettings From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<ClusterSettings>() ?? new ClusterSettings();

    public ClusterMode Mode { get; set; } = ClusterMode.Local;

    public string ClusterId { get; set; } = "omnibiz";

    public string ServiceId { get; set; } = "omnibiz";

    /// <summary>Silo-to-silo port.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Client-to-silo (gateway) port.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other nodes reach this silo at (AdoNet mode).</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>Listen on every interface instead of only the advertised address.</summary>
    public bool ListenOnAnyAddress { get; set; }

    /// <summary>In the web host: co-host a silo (true) or join the cluster as a client (false).</summary>
    public bool CoHostSilo { get; set; } = true;

    /// <summary>Running in Kubernetes: Orleans' Kubernetes hosting (pod identity from the downward API, pods as the membership oracle).</summary>
    public bool Kubernetes { get; set; }

    /// <summary>Names the cluster and service for Orleans.</summary>
    public void Apply(ClusterOptions options)
    {
        options.ClusterId = ClusterId;
        options.ServiceId = ServiceId;
    }
}
