namespace OmniBiz.GrainInterfaces.Fleet;

/// <summary>A ping that was not stored: its index in the posted batch and why.</summary>
[GenerateSerializer, Immutable, Alias("omnibiz.PingRejection")]
public sealed record PingRejection(
    [property: Id(0)] int Index,
    [property: Id(1)] string Reason);
