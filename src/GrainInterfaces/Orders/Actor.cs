namespace OmniBiz.GrainInterfaces.Orders;

/// <summary>Who is asking: grains decide what each caller may do.</summary>
[GenerateSerializer, Immutable, Alias("omnibiz.Actor")]
public sealed record Actor(
    [property: Id(0)] string UserId,
    [property: Id(1)] bool IsStaff);
