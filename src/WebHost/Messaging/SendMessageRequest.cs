using System.Collections.Immutable;

namespace OmniBiz.WebHost.Messaging;

public sealed record SendMessageRequest(string ConversationId, string Text, string ClientMessageId, ImmutableArray<string>? AttachmentIds);
