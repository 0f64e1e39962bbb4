namespace OmniBiz.Grains.Support;

[GenerateSerializer, Alias("omnibiz.TicketState")]
public sealed class TicketState
{
    [Id(0)] public string Number { get; set; } = "";
    [Id(1)] public string CustomerId { get; set; } = "";
    [Id(2)] public string Subject { get; set; } = "";
    [Id(3)] public string Status { get; set; } = "";
    [Id(4)] public string Priority { get; set; } = "";
    [Id(5)] public string? AssigneeId { get; set; }
    [Id(6)] public string ConversationId { get; set; } = "";
    [Id(7)] public DateTimeOffset CreatedAt { get; set; }
    [Id(8)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(9)] public int Version { get; set; }
}
