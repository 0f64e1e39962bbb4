namespace OmniBiz.WebHost.Support;

public sealed record ChangeTicketRequest(string? Status, string? Priority, string? AssigneeId);
