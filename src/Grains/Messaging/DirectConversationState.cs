namespace OmniBiz.Grains.Messaging;

[GenerateSerializer, Alias("omnibiz.DirectConversationState")]
public sealed class DirectConversationState
{
    [Id(0)] public string? ConversationId { get; set; }
}
