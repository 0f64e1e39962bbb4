using System.Text.Json;
using Npgsql;
using OmniBiz.GrainInterfaces.Messaging;
using OmniBiz.Grains.Messaging;
using OmniBiz.Grains.Realtime;
using OmniBiz.WebHost.Common;
using OmniBiz.WebHost.Limits;

namespace OmniBiz.WebHost.Messaging;

/// <summary>The inbox list and attachments, read from PostgreSQL.</summary>
public sealed class MessagingQueries(NpgsqlDataSource db)
{
    /// <summary>The caller's conversations, newest activity first, with exact unread counts.</summary>
    public async Task<Page<ConversationSummary>> InboxAsync(string userId, int limit, string? cursor, CancellationToken cancellationToken)
    {
        var after = Paging.Decode(cursor);
        // The newest message and the reader's pointer are derived from the messages themselves (a send writes only its
        // message row): one backward step on the primary key per conversation, and a scan of the unread tail at most.
        await using var command = db.CreateCommand($"""
            SELECT * FROM (
                SELECT c.id AS conversation, c.type, c.title, {MessageStore.EffectiveReadPointer} AS read_seq, c.ticket_id,
                       (SELECT array_agg(user_id ORDER BY user_id) FROM conversation_members x WHERE x.conversation_id = c.id) AS members,
                       COALESCE(newest.sent_at, c.last_activity_at) AS activity, newest.*
                  FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id
                  LEFT JOIN LATERAL (SELECT {MessageStore.Columns} FROM messages n WHERE n.conversation_id = c.id ORDER BY n.seq DESC LIMIT 1) newest ON true
                 WHERE m.user_id = $1) inbox
             WHERE $2::timestamptz IS NULL OR (activity, conversation) < ($2, $3)
             ORDER BY activity DESC, conversation DESC LIMIT $4
            """);
        command.Parameters.Add(new() { Value = userId });
        command.Parameters.Add(new() { Value = after is { } a ? a.At : DBNull.Value, DataTypeName = "timestamptz" });
        command.Parameters.Add(new() { Value = after is { } b ? b.Id : "" });
        command.Parameters.Add(new() { Value = limit + 1 });
        var rows = new List<ConversationSummary>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var newest = reader.IsDBNull(7) ? null : MessageStore.ReadMessage(reader, 7);
            var lastSeq = newest?.Seq ?? 0;
            var lastRead = Math.Min(reader.GetInt64(3), lastSeq);
            rows.Add(new ConversationSummary(
                reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                [.. reader.GetFieldValue<string[]>(5)],
                newest is null ? null : JsonSerializer.SerializeToElement(newest, RealtimeJson.Options),
                lastSeq, lastRead, lastSeq - lastRead, reader.GetFieldValue<DateTimeOffset>(6), reader.IsDBNull(4) ? null : reader.GetString(4)));
        }

        return Paging.PageOf(rows, limit, r => (r.LastActivityAt, r.Id));
    }

    /// <summary>The conversations a user is a member of.</summary>
    public async Task<List<string>> ConversationIdsAsync(string userId, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("SELECT conversation_id FROM conversation_members WHERE user_id = $1");
        command.Parameters.Add(new() { Value = userId });
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    /// <summary>
    /// Stores an upload unless it would take the uploader past <paramref name="bytesPerDay"/> in the last 24 hours
    /// (0: no quota). The check and the insert hold a per-uploader lock in PostgreSQL, so the quota holds across nodes.
    /// </summary>
    public async Task<AttachmentInfo> SaveAttachmentAsync(string uploaderId, string fileName, string contentType, byte[] data, long bytesPerDay, CancellationToken cancellationToken)
    {
        if (bytesPerDay > 0 && data.Length > bytesPerDay)
        {
            throw new BadHttpRequestException($"This file is larger than the daily upload quota of {bytesPerDay} bytes.", StatusCodes.Status413PayloadTooLarge);
        }

        var id = Guid.NewGuid().ToString("N");
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (bytesPerDay > 0)
        {
            await EnsureQuotaAsync(connection, uploaderId, data.Length, bytesPerDay, cancellationToken);
        }

        await using (var command = new NpgsqlCommand("""
            INSERT INTO attachments (id, uploader_id, file_name, content_type, size, data, created_at) VALUES ($1, $2, $3, $4, $5, $6, now())
            """, connection))
        {
            command.Parameters.Add(new() { Value = id });
            command.Parameters.Add(new() { Value = uploaderId });
            command.Parameters.Add(new() { Value = fileName });
            command.Parameters.Add(new() { Value = contentType });
            command.Parameters.Add(new() { Value = (long)data.Length });
            command.Parameters.Add(new() { Value = data });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new AttachmentInfo(id, fileName, contentType, data.Length);
    }

    private static async Task EnsureQuotaAsync(NpgsqlConnection connection, string uploaderId, long size, long bytesPerDay, CancellationToken cancellationToken)
    {
        await using (var lockUploader = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended('attachment-quota:' || $1, 0))", connection))
        {
            lockUploader.Parameters.Add(new() { Value = uploaderId });
            await lockUploader.ExecuteNonQueryAsync(cancellationToken);
        }

        // Oldest first, with the time each leaves the 24-hour window: enough of them must leave to make room.
        await using var uploads = new NpgsqlCommand("""
            SELECT size, created_at + interval '1 day' - now() FROM attachments
             WHERE uploader_id = $1 AND created_at > now() - interval '1 day' ORDER BY created_at
            """, connection);
        uploads.Parameters.Add(new() { Value = uploaderId });
        var recent = new List<(long Size, TimeSpan LeavesIn)>();
        await using (var reader = await uploads.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                recent.Add((reader.GetInt64(0), reader.GetFieldValue<TimeSpan>(1)));
            }
        }

        var used = recent.Sum(u => u.Size);
        if (used + size <= bytesPerDay)
        {
            return;
        }

        var retryAfter = TimeSpan.FromDays(1);
        foreach (var (oldSize, leavesIn) in recent)
        {
            used -= oldSize;
            if (used + size <= bytesPerDay)
            {
                retryAfter = leavesIn;
                break;
            }
        }

        throw new RateLimitedException(retryAfter,
            $"Daily upload quota reached: at most {bytesPerDay} bytes in 24 hours; this file fits again in {RateLimitedException.Seconds(retryAfter)} s.");
    }

    /// <summary>Deletes uploads older than <paramref name="age"/> that no message references; answers how many.</summary>
    public async Task<int> RemoveUnreferencedAttachmentsAsync(TimeSpan age, CancellationToken cancellationToken)
    {
        // In slices, so one pass never holds many large rows in one transaction.
        var removed = 0;
        while (true)
        {
            await using var command = db.CreateCommand("""
                DELETE FROM attachments WHERE id IN (
                    SELECT a.id FROM attachments a
                     WHERE a.created_at < now() - $1
                       AND NOT EXISTS (SELECT 1 FROM message_attachments m WHERE m.attachment_id = a.id)
                     LIMIT 500)
                """);
            command.Parameters.Add(new() { Value = age });
            var count = await command.ExecuteNonQueryAsync(cancellationToken);
            removed += count;
            if (count < 500)
            {
                return removed;
            }
        }
    }

    /// <summary>The file, its uploader, and the conversations whose messages reference it; null when unknown.</summary>
    public async Task<(AttachmentInfo Info, string UploaderId, byte[] Data, List<string> ConversationIds)?> AttachmentAsync(string id, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("""
            SELECT a.file_name, a.content_type, a.size, a.uploader_id, a.data,
                   coalesce((SELECT array_agg(DISTINCT conversation_id) FROM message_attachments WHERE attachment_id = a.id), '{}')
              FROM attachments a WHERE a.id = $1
            """);
        command.Parameters.Add(new() { Value = id });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return (new AttachmentInfo(id, reader.GetString(0), reader.GetString(1), reader.GetInt64(2)), reader.GetString(3),
            reader.GetFieldValue<byte[]>(4), [.. reader.GetFieldValue<string[]>(5)]);
    }
}
