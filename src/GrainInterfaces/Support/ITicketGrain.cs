namespace OmniBiz.GrainInterfaces.Support;

/// <summary>One support ticket, keyed by id; owns its status, priority, assignee and support conversation.</summary>
[Alias("omnibiz.ITicketGrain")]
public interface ITicketGrain : IGrainWithStringKey
{
    /// <summary>Opens the ticket, its support chat and the first message.</summary>
    [Alias("Open")]
    Task<Ticket> OpenAsync(OpenTicket command);

    /// <summary>The ticket, or null.</summary>
    [Alias("Get")]
    Task<Ticket?> GetAsync();

    /// <summary>Staff change status, priority or assignee; the customer and staff get <c>ticket_updated</c>.</summary>
    [Alias("Change")]
    Task<Ticket> ChangeAsync(TicketChange change, string actorId);
}
