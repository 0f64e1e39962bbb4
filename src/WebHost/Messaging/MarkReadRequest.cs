namespace OmniBiz.WebHost.Messaging;

public sealed record MarkReadRequest(long Seq);
