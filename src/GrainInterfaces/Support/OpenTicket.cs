namespace OmniBiz.GrainInterfaces.Support;

/// <summary>A customer's new ticket with its first message.</summary>
[GenerateSerializer, Immutable, Alias("omnibiz.OpenTicket")]
public sealed record OpenTicket(
    [property: Id(0)] string CustomerId,
    [property: Id(1)] string Subject,
    [property: Id(2)] string Message,
    [property: Id(3)] string? Priority);
