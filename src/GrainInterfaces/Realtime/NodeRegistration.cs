namespace OmniBiz.GrainInterfaces.Realtime;

/// <summary>
/// A web node's interest in a topic. <see cref="Silo"/> is the silo the node runs in when it co-hosts one,
/// so the topic can drop it as soon as membership declares that silo dead; client-mode nodes rely on the lease.
/// </summary>
[GenerateSerializer, Immutable, Alias("omnibiz.NodeRegistration")]
public sealed record NodeRegistration(
    [property: Id(0)] string NodeId,
    [property: Id(1)] INodeObserver Observer,
    [property: Id(2)] SiloAddress? Silo,
    [property: Id(3)] TimeSpan Lease);
