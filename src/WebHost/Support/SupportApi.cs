using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using OmniBiz.GrainInterfaces.Common;
using OmniBiz.GrainInterfaces.Support;
using OmniBiz.WebHost.Auth;
using OmniBiz.WebHost.Common;
using OmniBiz.WebHost.Hosting;

namespace OmniBiz.WebHost.Support;

/// <summary>Support tickets (customers see their own; staff all) and the FAQ (anyone reads; staff edit).</summary>
public static class SupportApi
{
    public static IEndpointRouteBuilder MapSupportApi(this IEndpointRouteBuilder app)
    {
        var tickets = app.MapGroup("/api/support/tickets").WithTags("Support").RequireAuthorization();
        tickets.MapPost("/", OpenAsync).WithName("OpenTicket").AcceptsIdempotencyKey().WithSummary("Opens a ticket with its first message and support chat. Send Idempotency-Key to make retries safe.");
        tickets.MapGet("/", ListAsync).WithName("ListTickets").Produces<Page<Ticket>>().WithSummary("Tickets newest first: customers their own, staff all; filter by status, priority, assigneeId.");
        tickets.MapGet("/{id}", GetAsync).WithName("GetTicket").WithSummary("One ticket (its customer or staff).");
        tickets.MapPatch("/{id}", ChangeAsync).RequireAuthorization(Policies.Staff).WithName("ChangeTicket").WithSummary("Changes status, priority or assignee (staff).");

        var faq = app.MapGroup("/api/support/faq").WithTags("Support");
        faq.MapGet("/", FaqAsync).AllowAnonymous().WithName("SearchFaq").WithSummary("FAQ entries; ?q= ranks full-text matches.");
        faq.MapPost("/", CreateFaqAsync).RequireAuthorization(Policies.Staff).WithName("CreateFaq").WithSummary("Adds an entry (staff).");
        faq.MapPut("/{id}", UpdateFaqAsync).RequireAuthorization(Policies.Staff).WithName("UpdateFaq").WithSummary("Changes an entry (staff).");
        faq.MapDelete("/{id}", DeleteFaqAsync).RequireAuthorization(Policies.Staff).WithName("DeleteFaq").WithSummary("Removes an entry (staff).");
        return app;
    }

    private static async Task<Created<Ticket>> OpenAsync(OpenTicketRequest request, HttpContext http, IGrainFactory grains)
    {
        var customerId = http.User.UserIdOf();
        var key = IdempotencyKeys.From(http);
        var id = key is null ? Guid.NewGuid().ToString("N") : IdempotencyKeys.StableId("ticket", customerId, key);
        var ticket = await grains.GetGrain<ITicketGrain>(id).OpenAsync(new OpenTicket(customerId, request.Subject, request.Message, request.Priority));
        return TypedResults.Created($"/api/support/tickets/{id}", ticket);
    }

    private static async Task<Ok<Page<JsonElement>>> ListAsync(HttpContext http, SupportQueries queries, CancellationToken cancellationToken,
        string? status = null, string? priority = null, string? assigneeId = null, int? limit = null, string? cursor = null)
    {
        var customerId = http.User.IsStaff() ? null : http.User.UserIdOf();
        return TypedResults.Ok(await queries.TicketsAsync(customerId, status, priority, assigneeId, Paging.Limit(limit), cursor, cancellationToken));
    }

    private static async Task<Ok<Ticket>> GetAsync(string id, HttpContext http, IGrainFactory grains) =>
        TypedResults.Ok(await VisibleTicketAsync(id, http, grains));

    private static async Task<Ok<Ticket>> ChangeAsync(string id, ChangeTicketRequest request, HttpContext http, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<ITicketGrain>(id).ChangeAsync(new TicketChange(request.Status, request.Priority, request.AssigneeId), http.User.UserIdOf()));

    /// <summary>The ticket if the caller may see it; someone else's ticket is reported as missing.</summary>
    public static async Task<Ticket> VisibleTicketAsync(string id, HttpContext http, IGrainFactory grains)
    {
        var ticket = await grains.GetGrain<ITicketGrain>(id).GetAsync();
        return ticket is not null && (http.User.IsStaff() || ticket.CustomerId == http.User.UserIdOf())
            ? ticket
            : throw DomainException.NotFound($"No ticket '{id}' of yours.");
    }

    private static async Task<Ok<IReadOnlyList<FaqEntry>>> FaqAsync(SupportQueries queries, CancellationToken cancellationToken, string? q = null, int? limit = null) =>
        TypedResults.Ok(await queries.FaqAsync(q, Paging.Limit(limit), cancellationToken));

    private static async Task<Created<FaqEntry>> CreateFaqAsync(FaqRequest request, SupportQueries queries, CancellationToken cancellationToken)
    {
        var entry = await queries.SaveFaqAsync(Guid.NewGuid().ToString("N"), request, create: true, cancellationToken);
        return TypedResults.Created($"/api/support/faq/{entry.Id}", entry);
    }

    private static async Task<Ok<FaqEntry>> UpdateFaqAsync(string id, FaqRequest request, SupportQueries queries, CancellationToken cancellationToken) =>
        TypedResults.Ok(await queries.SaveFaqAsync(id, request, create: false, cancellationToken));

    private static async Task<NoContent> DeleteFaqAsync(string id, SupportQueries queries, CancellationToken cancellationToken)
    {
        await queries.DeleteFaqAsync(id, cancellationToken);
        return TypedResults.NoContent();
    }
}
