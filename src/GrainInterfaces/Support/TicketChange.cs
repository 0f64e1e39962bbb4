namespace OmniBiz.GrainInterfaces.Support;

/// <summary>What staff change on a ticket; null leaves a field as it is (an empty assignee unassigns).</summary>
[GenerateSerializer, Immutable, Alias("omnibiz.TicketChange")]
public sealed record TicketChange(
    [property: Id(0)] string? Status,
    [property: Id(1)] string? Priority,
    [property: Id(2)] string? AssigneeId);
