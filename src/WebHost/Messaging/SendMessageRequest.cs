using System.Collections.Immutable;
using System.ComponentModel.DataAnnotations;
using OmniBiz.Grains.Messaging;
using OmniBiz.WebHost.Common;

namespace OmniBiz.WebHost.Messaging;

public sealed record SendMessageRequest(
    [property: Required, ValidId] string ConversationId,
    [property: StringLength(MessageRules.MaxTextLength)] string Text,
    [property: Required, StringLength(MessageRules.MaxClientMessageIdLength)] string ClientMessageId,
    [property: ValidId(MaxCount = MessageRules.MaxAttachments)] ImmutableArray<string>? AttachmentIds);
