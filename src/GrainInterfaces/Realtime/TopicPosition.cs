namespace OmniBiz.GrainInterfaces.Realtime;

/// <summary>A topic activation (<see cref="Epoch"/>) and the sequence number of the last event it published.</summary>
[GenerateSerializer, Immutable, Alias("omnibiz.TopicPosition")]
public sealed record TopicPosition(
    [property: Id(0)] string Epoch,
    [property: Id(1)] long Sequence);
