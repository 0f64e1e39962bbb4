using OmniBiz.GrainInterfaces.Common;
using OmniBiz.GrainInterfaces.Messaging;

namespace OmniBiz.Grains.Messaging;

/// <summary>Input rules for messages, enforced by the conversation grain.</summary>
public static class MessageRules
{
    public const int MaxTextLength = 8000;
    public const int MaxClientMessageIdLength = 100;
    public const int MaxAttachments = 10;

    public static void Validate(SendMessage command)
    {
        var hasAttachments = !command.AttachmentIds.IsDefaultOrEmpty;
        if ((string.IsNullOrWhiteSpace(command.Text) && !hasAttachments) || command.Text?.Length > MaxTextLength)
        {
            throw DomainException.Invalid("text", $"A message needs 1 to {MaxTextLength} characters of text (or an attachment).");
        }

        if (string.IsNullOrWhiteSpace(command.ClientMessageId) || command.ClientMessageId.Length > MaxClientMessageIdLength)
        {
            throw DomainException.Invalid("clientMessageId", $"clientMessageId must be 1 to {MaxClientMessageIdLength} characters; reuse it when you retry.");
        }

        if (hasAttachments && command.AttachmentIds.Length > MaxAttachments)
        {
            throw DomainException.Invalid("attachmentIds", $"Attach at most {MaxAttachments} files to one message.");
        }
    }
}
