using System.Collections.Immutable;

namespace OmniBiz.WebHost.Messaging;

/// <summary>The <c>OmniBiz:Attachments</c> settings.</summary>
public sealed class AttachmentSettings
{
    public const string Section = "OmniBiz:Attachments";

    public long MaxBytes { get; set; } = 10 * 1024 * 1024;

    public ImmutableArray<string> ContentTypes { get; set; } =
        ["image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf", "text/plain", "text/csv", "application/zip",
         "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"];
}
