using System.Globalization;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using OmniBiz.GrainInterfaces.Support;
using OmniBiz.Grains.Realtime;

namespace OmniBiz.Grains.Support;

/// <summary>Ticket numbers and the <c>tickets</c> list table.</summary>
public sealed class TicketStore(NpgsqlDataSource db)
{
    public async Task<string> NextNumberAsync()
    {
        await using var command = db.CreateCommand("SELECT nextval('ticket_numbers')");
        var next = (long)(await command.ExecuteScalarAsync())!;
        return string.Create(CultureInfo.InvariantCulture, $"T-{next}");
    }

    public async Task SaveAsync(Ticket ticket)
    {
        await using var command = db.CreateCommand("""
            INSERT INTO tickets (id, customer_id, status, priority, assignee_id, created_at, version, document)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, priority = EXCLUDED.priority, assignee_id = EXCLUDED.assignee_id,
                version = EXCLUDED.version, document = EXCLUDED.document
            WHERE tickets.version < EXCLUDED.version
            """);
        command.Parameters.Add(new() { Value = ticket.Id });
        command.Parameters.Add(new() { Value = ticket.CustomerId });
        command.Parameters.Add(new() { Value = ticket.Status });
        command.Parameters.Add(new() { Value = ticket.Priority });
        command.Parameters.Add(new() { Value = (object?)ticket.AssigneeId ?? DBNull.Value, DataTypeName = "text" });
        command.Parameters.Add(new() { Value = ticket.CreatedAt });
        command.Parameters.Add(new() { Value = ticket.Version });
        command.Parameters.Add(new() { Value = JsonSerializer.Serialize(ticket, RealtimeJson.Options), NpgsqlDbType = NpgsqlDbType.Jsonb });
        await command.ExecuteNonQueryAsync();
    }
}
