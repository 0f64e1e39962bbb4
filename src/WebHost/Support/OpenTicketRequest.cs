namespace OmniBiz.WebHost.Support;

public sealed record OpenTicketRequest(string Subject, string Message, string? Priority);
