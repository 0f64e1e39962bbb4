using System.Collections.Immutable;

namespace OmniBiz.GrainInterfaces.Fleet;

/// <summary>How many pings of a batch were stored, and which were not.</summary>
[GenerateSerializer, Immutable, Alias("omnibiz.PingBatchResult")]
public sealed record PingBatchResult(
    [property: Id(0)] int Accepted,
    [property: Id(1)] ImmutableArray<PingRejection> Rejected);
