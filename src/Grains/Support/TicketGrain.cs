using System.Collections.Immutable;
using OmniBiz.GrainInterfaces.Common;
using OmniBiz.GrainInterfaces.Identity;
using OmniBiz.GrainInterfaces.Messaging;
using OmniBiz.GrainInterfaces.Realtime;
using OmniBiz.GrainInterfaces.Support;
using OmniBiz.Grains.Projections;
using OmniBiz.Grains.Realtime;
using OmniBiz.Grains.Storage;

namespace OmniBiz.Grains.Support;

public sealed class TicketGrain(
    [PersistentState(StorageNames.Ticket, StorageNames.Main)] IPersistentState<TicketState> state,
    TicketStore store,
    Projector projector,
    TimeProvider clock) : Grain, ITicketGrain
{
    public static readonly ImmutableArray<string> Statuses = ["open", "pending", "resolved", "closed"];
    public static readonly ImmutableArray<string> Priorities = ["low", "normal", "high", "urgent"];

    private Projection? _projection;

    private string TicketId => this.GetPrimaryKeyString();

    private Projection Projection => _projection ??= projector.For(this, "tickets", () => store.SaveAsync(ToTicket()));

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.RecordExists)
        {
            await Projection.ProjectAsync();
        }
    }

    public async Task<Ticket> OpenAsync(OpenTicket command)
    {
        if (state.RecordExists)
        {
            return state.State.CustomerId == command.CustomerId ? ToTicket() : throw DomainException.Conflict("A ticket already exists under this id.");
        }

        var subject = command.Subject?.Trim() ?? "";
        if (subject.Length is 0 or > 200)
        {
            throw DomainException.Invalid("subject", "Subject must be 1 to 200 characters.");
        }

        var priority = command.Priority ?? "normal";
        if (!Priorities.Contains(priority))
        {
            throw DomainException.Invalid("priority", $"Priority is one of {string.Join(", ", Priorities)}.");
        }

        if (string.IsNullOrWhiteSpace(command.Message))
        {
            throw DomainException.Invalid("message", "Describe the problem in a first message.");
        }

        // The ticket's chat has a fixed id, so a retried opening finds the same conversation and first message.
        var conversationId = $"ticket-{TicketId}";
        var conversation = GrainFactory.GetGrain<IConversationGrain>(conversationId);
        await conversation.CreateAsync(new CreateConversation(ConversationTypes.Support, command.CustomerId, [], subject, TicketId));
        await conversation.SendAsync(new SendMessage(command.CustomerId, command.Message, $"ticket-{TicketId}-opening", []), senderIsStaff: false);

        var now = clock.GetUtcNow();
        state.State = new TicketState
        {
            Number = await store.NextNumberAsync(),
            CustomerId = command.CustomerId,
            Subject = subject,
            Status = "open",
            Priority = priority,
            ConversationId = conversationId,
            CreatedAt = now,
        };
        return await SaveAndPublishAsync();
    }

    public Task<Ticket?> GetAsync() => Task.FromResult(state.RecordExists ? ToTicket() : null);

    public async Task<Ticket> ChangeAsync(TicketChange change, string actorId)
    {
        if (!state.RecordExists)
        {
            throw DomainException.NotFound($"No ticket '{TicketId}'.");
        }

        if (change.Status is { } status && !Statuses.Contains(status))
        {
            throw DomainException.Invalid("status", $"Status is one of {string.Join(", ", Statuses)}.");
        }

        if (change.Priority is { } priority && !Priorities.Contains(priority))
        {
            throw DomainException.Invalid("priority", $"Priority is one of {string.Join(", ", Priorities)}.");
        }

        if (change.AssigneeId is { Length: > 0 } assignee)
        {
            var profile = await GrainFactory.GetGrain<IUserGrain>(assignee).GetAsync();
            if (profile is null || !(profile.Roles.Contains(Roles.Staff) || profile.Roles.Contains(Roles.Admin)))
            {
                throw DomainException.Invalid("assigneeId", "Tickets are assigned to staff members.");
            }
        }

        state.State.Status = change.Status ?? state.State.Status;
        state.State.Priority = change.Priority ?? state.State.Priority;
        state.State.AssigneeId = change.AssigneeId is null ? state.State.AssigneeId : change.AssigneeId.Length == 0 ? null : change.AssigneeId;
        return await SaveAndPublishAsync();
    }

    private async Task<Ticket> SaveAndPublishAsync()
    {
        state.State.Version++;
        state.State.UpdatedAt = clock.GetUtcNow();
        await state.WriteStateAsync();
        var ticket = ToTicket();
        await Projection.ProjectAsync();
        await GrainFactory.PublishAsync([Topics.User(ticket.CustomerId), Topics.Support], EventNames.TicketUpdated, ticket);
        return ticket;
    }

    private Ticket ToTicket() => new(
        TicketId, state.State.Number, state.State.CustomerId, state.State.Subject, state.State.Status, state.State.Priority,
        state.State.AssigneeId, state.State.ConversationId, state.State.CreatedAt, state.State.UpdatedAt, state.State.Version);
}
