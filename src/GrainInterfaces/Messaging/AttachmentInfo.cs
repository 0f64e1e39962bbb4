namespace OmniBiz.GrainInterfaces.Messaging;

/// <summary>An uploaded file as messages show it.</summary>
[GenerateSerializer, Immutable, Alias("omnibiz.AttachmentInfo")]
public sealed record AttachmentInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string FileName,
    [property: Id(2)] string ContentType,
    [property: Id(3)] long Size);
