namespace OmniBiz.Silo.Hosting;

/// <summary>How a node finds the rest of the cluster.</summary>
public enum ClusterMode
{
    /// <summary>One node on this machine: localhost clustering, no membership table.</summary>
    Local,

    /// <summary>Many nodes: membership in PostgreSQL through Orleans' ADO.NET clustering.</summary>
    AdoNet,
}
