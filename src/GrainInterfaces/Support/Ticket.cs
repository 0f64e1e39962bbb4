namespace OmniBiz.GrainInterfaces.Support;

/// <summary>A support ticket: status <c>open, pending, resolved, closed</c>; priority <c>low, normal, high, urgent</c>.</summary>
[GenerateSerializer, Immutable, Alias("omnibiz.Ticket")]
public sealed record Ticket(
    [property: Id(0)] string Id,
    [property: Id(1)] string Number,
    [property: Id(2)] string CustomerId,
    [property: Id(3)] string Subject,
    [property: Id(4)] string Status,
    [property: Id(5)] string Priority,
    [property: Id(6)] string? AssigneeId,
    [property: Id(7)] string ConversationId,
    [property: Id(8)] DateTimeOffset CreatedAt,
    [property: Id(9)] DateTimeOffset UpdatedAt,
    [property: Id(10)] int Version);
