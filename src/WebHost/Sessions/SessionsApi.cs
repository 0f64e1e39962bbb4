using System.Collections.Immutable;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OmniBiz.GrainInterfaces.Common;
using OmniBiz.GrainInterfaces.Sessions;
using OmniBiz.WebHost.Auth;
using OmniBiz.WebHost.Common;
using OmniBiz.WebHost.Hosting;
using OmniBiz.WebHost.Limits;

namespace OmniBiz.WebHost.Sessions;

/// <summary>Live sessions: scheduling (staff), invitations and join links, and ICE servers for participants.</summary>
public static class SessionsApi
{
    public static IEndpointRouteBuilder MapSessionsApi(this IEndpointRouteBuilder app)
    {
        var sessions = app.MapGroup("/api/sessions").WithTags("Sessions").RequireAuthorization();
        sessions.MapPost("/", CreateAsync).RequireAuthorization(Policies.Staff).WithName("CreateSession").AcceptsIdempotencyKey()
            .WithSummary("Schedules a meeting or webinar (staff); the caller hosts it. Send Idempotency-Key to make retries safe.");
        sessions.MapGet("/", ListAsync).WithName("ListSessions").Produces<Page<Session>>()
            .WithSummary("Sessions, latest scheduled first: hosts and staff see all, others those they are invited to; ?status=upcoming|live|ended|cancelled.");
        sessions.MapGet("/{id}", GetAsync).WithName("GetSession").WithSummary("One session (hosts, staff, invitees).");
        sessions.MapPost("/{id}/reschedule", RescheduleAsync).WithName("RescheduleSession").WithSummary("Moves a scheduled session (host); invitees online are told.");
        sessions.MapPost("/{id}/cancel", CancelAsync).WithName("CancelSession").WithSummary("Calls off a scheduled session (host); its links stop working.");
        sessions.MapPost("/{id}/start", StartAsync).WithName("StartSession").WithSummary("Goes live (host): the lobby is let in.");
        sessions.MapPost("/{id}/end", EndAsync).WithName("EndSession").WithSummary("Ends the session (host).");
        sessions.MapPost("/{id}/co-hosts", AddCoHostAsync).WithName("AddSessionCoHost").WithSummary("Makes a user a co-host (host).");
        sessions.MapPost("/{id}/invitations", InviteAsync).WithName("InviteToSession")
            .WithSummary("Invites addresses (host): one signed, revocable join link each, mailed from the outbox.");
        sessions.MapGet("/{id}/invitations", InvitationsAsync).WithName("ListSessionInvitations").WithSummary("Invitations with their mail status (host).");
        sessions.MapDelete("/{id}/invitations/{invitationId}", RevokeAsync).WithName("RevokeSessionInvitation").WithSummary("Revokes an invitation's link (host).");
        sessions.MapGet("/{id}/ice-servers", IceServersAsync).WithName("GetSessionIceServers").WithSummary("STUN/TURN servers for WebRTC (participants and hosts).");

        var join = app.MapGroup("/api/sessions/join").WithTags("Sessions").AllowAnonymous();
        join.MapGet("/{token}", OpenLinkAsync).WithName("OpenJoinLink").ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict).WithSummary("The session a join link opens (no sign-in needed).")
            .RequireRateLimiting(RateLimitPolicies.GuestJoin);
        join.MapPost("/{token}", GuestJoinAsync).WithName("JoinAsGuest").ProducesProblem(StatusCodes.Status403Forbidden)
            .WithSummary("A guest token from a join link: valid only for that session's hub methods.").RequireRateLimiting(RateLimitPolicies.GuestJoin);
        return app;
    }

    private static ISessionGrain Grain(IGrainFactory grains, string id) => grains.GetGrain<ISessionGrain>(id);

    private static async Task<Created<Session>> CreateAsync(CreateSessionRequest request, HttpContext http, IGrainFactory grains)
    {
        var hostId = http.User.UserIdOf();
        var key = IdempotencyKeys.From(http);
        var id = key is null ? Guid.NewGuid().ToString("N") : IdempotencyKeys.StableId("session", hostId, key);
        var scheduledAt = InputRules.Date("scheduledAt", request.ScheduledAt)!.Value;
        var session = await Grain(grains, id).CreateAsync(new CreateSession(hostId, request.Title, request.Description, request.Kind,
            scheduledAt, request.DurationMinutes!.Value, request.Capacity, request.CoHostIds ?? []));
        return TypedResults.Created($"/api/sessions/{id}", session);
    }

    private static async Task<Ok<Page<JsonElement>>> ListAsync(HttpContext http, SessionQueries queries, CancellationToken cancellationToken,
        string? status = null, int? limit = null, string? cursor = null) =>
        TypedResults.Ok(await queries.ListAsync(http.User.UserIdOf(), http.User.FindFirstValue(OmniBizClaims.Email), http.User.IsStaff(), status,
            Paging.Limit(limit), cursor, cancellationToken));

    private static async Task<Ok<Session>> GetAsync(string id, HttpContext http, IGrainFactory grains) =>
        TypedResults.Ok(await VisibleAsync(id, http, grains));

    /// <summary>The session if the caller may see it; one they may not see is reported as missing.</summary>
    private static async Task<Session> VisibleAsync(string id, HttpContext http, IGrainFactory grains) =>
        await Grain(grains, id).GetForAsync(http.User.UserIdOf(), http.User.FindFirstValue(OmniBizClaims.Email), http.User.IsStaff())
            ?? throw DomainException.NotFound($"No session '{id}' of yours.");

    /// <summary>Host-only calls first check that the caller may see the session, so ids cannot be probed.</summary>
    private static async Task<ISessionGrain> HostedAsync(string id, HttpContext http, IGrainFactory grains)
    {
        await VisibleAsync(id, http, grains);
        return Grain(grains, id);
    }

    private static async Task<Ok<Session>> RescheduleAsync(string id, RescheduleSessionRequest request, HttpContext http, IGrainFactory grains) =>
        TypedResults.Ok(await (await HostedAsync(id, http, grains)).RescheduleAsync(http.User.UserIdOf(),
            InputRules.Date("scheduledAt", request.ScheduledAt)!.Value, request.DurationMinutes));

    private static async Task<Ok<Session>> CancelAsync(string id, HttpContext http, IGrainFactory grains) =>
        TypedResults.Ok(await (await HostedAsync(id, http, grains)).CancelAsync(http.User.UserIdOf()));

    private static async Task<Ok<Session>> StartAsync(string id, HttpContext http, IGrainFactory grains) =>
        TypedResults.Ok(await (await HostedAsync(id, http, grains)).StartAsync(http.User.UserIdOf()));

    private static async Task<Ok<Session>> EndAsync(string id, HttpContext http, IGrainFactory grains) =>
        TypedResults.Ok(await (await HostedAsync(id, http, grains)).EndAsync(http.User.UserIdOf()));

    private static async Task<Ok<Session>> AddCoHostAsync(string id, AddCoHostRequest request, HttpContext http, IGrainFactory grains) =>
        TypedResults.Ok(await (await HostedAsync(id, http, grains)).AddCoHostAsync(http.User.UserIdOf(), request.UserId));

    private static async Task<Created<ImmutableArray<InvitationView>>> InviteAsync(string id, CreateInvitationsRequest request, HttpContext http,
        IGrainFactory grains, JoinLinks links, InvitationMailer mailer)
    {
        var session = await HostedAsync(id, http, grains);
        var invitations = await session.InviteAsync(http.User.UserIdOf(), request.Emails!.Value, request.Role ?? SessionRoles.Attendee, mailer.Enabled);
        return TypedResults.Created($"/api/sessions/{id}/invitations", invitations.Select(i => View(i, links, http.Request)).ToImmutableArray());
    }

    private static async Task<Ok<ImmutableArray<InvitationView>>> InvitationsAsync(string id, HttpContext http, IGrainFactory grains, JoinLinks links)
    {
        var invitations = await (await HostedAsync(id, http, grains)).GetInvitationsAsync(http.User.UserIdOf());
        return TypedResults.Ok(invitations.Select(i => View(i, links, http.Request)).ToImmutableArray());
    }

    private static async Task<NoContent> RevokeAsync(string id, string invitationId, HttpContext http, IGrainFactory grains)
    {
        await (await HostedAsync(id, http, grains)).RevokeInvitationAsync(http.User.UserIdOf(), invitationId);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<IReadOnlyList<IceServer>>> IceServersAsync(string id, HttpContext http, IGrainFactory grains, IceServers ice)
    {
        var userId = http.User.UserIdOf();
        if (!await Grain(grains, id).IsParticipantAsync(userId))
        {
            throw DomainException.Forbidden("ICE servers are for the session's participants: join it first.");
        }

        return TypedResults.Ok(ice.For(userId));
    }

    private static async Task<Ok<JoinLinkView>> OpenLinkAsync(string token, IGrainFactory grains, JoinLinks links)
    {
        var access = await OpenAsync(token, grains, links);
        return TypedResults.Ok(new JoinLinkView(access.Session, access.Invitation.InvitationId, access.Invitation.Email, access.Invitation.Role));
    }

    private static async Task<Ok<GuestAccess>> GuestJoinAsync(string token, GuestJoinRequest request, IGrainFactory grains, JoinLinks links,
        TokenService tokens, IOptions<SessionsOptions> options, TimeProvider clock)
    {
        var access = await OpenAsync(token, grains, links);
        var displayName = request.DisplayName.Trim();
        if (displayName.Length == 0)
        {
            throw DomainException.Invalid("displayName", "displayName may not be blank.");
        }

        var expires = clock.GetUtcNow().AddMinutes(Math.Max(1, options.Value.GuestTokenMinutes));
        var accessToken = tokens.IssueGuest(access.Session.Id, access.Invitation.InvitationId, displayName, expires);
        return TypedResults.Ok(new GuestAccess(accessToken, expires, access.Session.Id, $"guest:{access.Invitation.InvitationId}", displayName));
    }

    /// <summary>A forged or malformed link is 404 before any grain is asked; revoked is 403, over is 409 (the grain's answers).</summary>
    private static Task<InvitationAccess> OpenAsync(string token, IGrainFactory grains, JoinLinks links) =>
        links.Read(token) is { } ids
            ? Grain(grains, ids.SessionId).OpenInvitationAsync(ids.InvitationId)
            : throw DomainException.NotFound("This join link is not valid.");

    private static InvitationView View(Invitation i, JoinLinks links, HttpRequest request) =>
        new(i.InvitationId, i.Email, i.Role, links.Url(links.Token(i.SessionId, i.InvitationId), request), i.MailStatus, i.MailError, i.Revoked);
}
