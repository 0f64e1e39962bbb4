using System.Text.Json;
using Npgsql;
using OmniBiz.GrainInterfaces.Common;
using OmniBiz.GrainInterfaces.Sessions;
using OmniBiz.Grains.Identity;
using OmniBiz.WebHost.Common;

namespace OmniBiz.WebHost.Sessions;

/// <summary>Session lists from the <c>sessions</c> read model.</summary>
public sealed class SessionQueries(NpgsqlDataSource db)
{
    /// <summary>The filters of <c>GET /api/sessions?status=</c>.</summary>
    public static readonly string[] Filters = ["upcoming", "live", "ended", "cancelled"];

    public async Task<Page<JsonElement>> ListAsync(string userId, string? email, bool isStaff, string? status, int limit, string? cursor, CancellationToken cancellationToken)
    {
        var statusFilter = status switch
        {
            null or "" => null,
            "upcoming" => SessionStatuses.Scheduled,
            "live" => SessionStatuses.Live,
            "ended" => SessionStatuses.Ended,
            "cancelled" => SessionStatuses.Cancelled,
            _ => throw DomainException.Invalid("status", $"status is one of {string.Join(", ", Filters)}."),
        };
        var after = Paging.Decode(cursor);
        await using var command = db.CreateCommand("""
            SELECT document::text, scheduled_at, id FROM sessions
             WHERE ($1 OR $2 = ANY(host_ids) OR $3 = ANY(invitee_emails))
               AND ($4::text IS NULL OR status = $4)
               AND ($5::timestamptz IS NULL OR (scheduled_at, id) < ($5, $6))
             ORDER BY scheduled_at DESC, id DESC LIMIT $7
            """);
        command.Parameters.Add(new() { Value = isStaff });
        command.Parameters.Add(new() { Value = userId });
        command.Parameters.Add(new() { Value = email is null ? "" : IdentityRules.NormalizeEmail(email) });
        command.Parameters.Add(new() { Value = (object?)statusFilter ?? DBNull.Value, DataTypeName = "text" });
        command.Parameters.Add(new() { Value = after is { } a ? a.At : DBNull.Value, DataTypeName = "timestamptz" });
        command.Parameters.Add(new() { Value = after is { } b ? b.Id : "" });
        command.Parameters.Add(new() { Value = limit + 1 });
        return await DocumentPage.ReadAsync(command, limit, cancellationToken);
    }
}
