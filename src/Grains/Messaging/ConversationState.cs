namespace OmniBiz.Grains.Messaging;

[GenerateSerializer, Alias("omnibiz.ConversationState")]
public sealed class ConversationState
{
    [Id(0)] public string Type { get; set; } = "";
    [Id(1)] public string? Title { get; set; }
    [Id(2)] public List<string> Members { get; set; } = [];
    [Id(3)] public List<string> Admins { get; set; } = [];
    [Id(4)] public DateTimeOffset CreatedAt { get; set; }
    [Id(5)] public string? TicketId { get; set; }
}
