using System.Collections.Immutable;

namespace OmniBiz.GrainInterfaces.Messaging;

/// <summary>A message to send; the same sender and <see cref="ClientMessageId"/> always answer the first stored message.</summary>
[GenerateSerializer, Immutable, Alias("omnibiz.SendMessage")]
public sealed record SendMessage(
    [property: Id(0)] string SenderId,
    [property: Id(1)] string Text,
    [property: Id(2)] string ClientMessageId,
    [property: Id(3)] ImmutableArray<string> AttachmentIds);
