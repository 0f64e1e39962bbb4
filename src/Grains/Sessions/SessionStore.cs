using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using OmniBiz.GrainInterfaces.Sessions;
using OmniBiz.Grains.Realtime;

namespace OmniBiz.Grains.Sessions;

/// <summary>The <c>sessions</c> list table and the <c>session_mail</c> outbox.</summary>
public sealed class SessionStore(NpgsqlDataSource db)
{
    /// <summary>
    /// Upserts the list row, guarded by the session's version and its participant version (seats taken and freed), so a
    /// late write never overwrites a newer one.
    /// </summary>
    public async Task SaveAsync(Session session, long participantVersion, IEnumerable<string> hostIds, IEnumerable<string> inviteeEmails)
    {
        await using var command = db.CreateCommand("""
            INSERT INTO sessions (id, host_ids, invitee_emails, status, scheduled_at, version, participant_version, document)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT (id) DO UPDATE SET host_ids = EXCLUDED.host_ids, invitee_emails = EXCLUDED.invitee_emails,
                status = EXCLUDED.status, scheduled_at = EXCLUDED.scheduled_at, version = EXCLUDED.version,
                participant_version = EXCLUDED.participant_version, document = EXCLUDED.document
            WHERE (sessions.version, sessions.participant_version) < (EXCLUDED.version, EXCLUDED.participant_version)
            """);
        command.Parameters.Add(new() { Value = session.Id });
        command.Parameters.Add(new() { Value = hostIds.ToArray() });
        command.Parameters.Add(new() { Value = inviteeEmails.Distinct(StringComparer.Ordinal).ToArray() });
        command.Parameters.Add(new() { Value = session.Status });
        command.Parameters.Add(new() { Value = session.ScheduledAt });
        command.Parameters.Add(new() { Value = session.Version });
        command.Parameters.Add(new() { Value = participantVersion });
        command.Parameters.Add(new() { Value = JsonSerializer.Serialize(session, RealtimeJson.Options), NpgsqlDbType = NpgsqlDbType.Jsonb });
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Puts invitations in the mail outbox; an invitation already there is left as it is.</summary>
    public async Task EnqueueMailAsync(string sessionId, IEnumerable<(string InvitationId, string Email)> invitations)
    {
        var batch = invitations.ToList();
        if (batch.Count == 0)
        {
            return;
        }

        await using var command = db.CreateCommand("""
            INSERT INTO session_mail (invitation_id, session_id, email)
            SELECT i, $1, e FROM unnest($2::text[], $3::text[]) AS t(i, e)
            ON CONFLICT (invitation_id) DO NOTHING
            """);
        command.Parameters.Add(new() { Value = sessionId });
        command.Parameters.Add(new() { Value = batch.Select(b => b.InvitationId).ToArray() });
        command.Parameters.Add(new() { Value = batch.Select(b => b.Email).ToArray() });
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A revoked invitation's mail is not sent if it has not gone yet.</summary>
    public async Task CancelMailAsync(string invitationId)
    {
        await using var command = db.CreateCommand("UPDATE session_mail SET status = 'revoked' WHERE invitation_id = $1 AND status = 'pending'");
        command.Parameters.Add(new() { Value = invitationId });
        await command.ExecuteNonQueryAsync();
    }
}
