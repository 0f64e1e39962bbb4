using System.Collections.Immutable;

namespace OmniBiz.WebHost.Messaging;

/// <summary>The <c>OmniBiz:Attachments</c> settings.</summary>
public sealed class AttachmentSettings
{
    public const string Section = "OmniBiz:Attachments";

    public long MaxBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>An upload that no message references by this age is removed.</summary>
    public TimeSpan UnreferencedMaxAge { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How often each node looks for such uploads.</summary>
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromHours(1);

    public ImmutableArray<string> ContentTypes { get; set; } =
        ["image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf", "text/plain", "text/csv", "application/zip",
         "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"];
}
