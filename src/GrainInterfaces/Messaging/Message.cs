using System.Collections.Immutable;

namespace OmniBiz.GrainInterfaces.Messaging;

/// <summary>A stored message. <see cref="Seq"/> is gapless per conversation, starting at 1.</summary>
[GenerateSerializer, Immutable, Alias("omnibiz.Message")]
public sealed record Message(
    [property: Id(0)] string Id,
    [property: Id(1)] string ConversationId,
    [property: Id(2)] long Seq,
    [property: Id(3)] string SenderId,
    [property: Id(4)] string Text,
    [property: Id(5)] ImmutableArray<AttachmentInfo> Attachments,
    [property: Id(6)] DateTimeOffset SentAt,
    [property: Id(7)] string ClientMessageId);
