using System.Text.Json;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using OmniBiz.GrainInterfaces.Messaging;
using OmniBiz.Grains.Realtime;
using OmniBiz.Grains.Storage;

namespace OmniBiz.Grains.Messaging;

/// <summary>
/// Group commit for messages: sends from every conversation on this silo are collected while the previous write runs,
/// then stored by one statement (one transaction, one WAL flush). That statement inserts the messages, skips any whose
/// client message id the sender already used, and links attachments: nothing else is written per message (a
/// conversation's newest message and a sender's implied read pointer are derived from the messages when read; see
/// <see cref="MessageStore.EffectiveReadPointer"/>). A caller's task completes only when its batch is committed,
/// answering whether its message was stored or was a duplicate.
/// </summary>
public sealed partial class MessageWriter(NpgsqlDataSource db, ILogger<MessageWriter> logger) : GroupCommitWriter<MessageWriter.Pending>
{
    private const int MaxMessagesPerWrite = 2_000;

    /// <summary>Queues the message for the next write: true once it is committed, false when it was a duplicate.</summary>
    public Task<bool> AppendAsync(Message message)
    {
        var pending = new Pending(message, JsonSerializer.Serialize(message.Attachments, RealtimeJson.Options), new(TaskCreationOptions.RunContinuationsAsynchronously));
        Enqueue(pending);
        return pending.Done.Task;
    }

    protected override async Task WriteAsync(List<Pending> batch, CancellationToken cancellationToken)
    {
        for (var offset = 0; offset < batch.Count; offset += MaxMessagesPerWrite)
        {
            var part = batch.GetRange(offset, Math.Min(MaxMessagesPerWrite, batch.Count - offset));
            try
            {
                Complete(part, await WriteRowsAsync(part, cancellationToken));
            }
            catch (Exception e) when (part.Count > 1)
            {
                // One bad message must not fail the sends of other conversations: write each on its own.
                LogBatchFailed(e, part.Count);
                foreach (var single in part)
                {
                    await WriteAloneAsync(single, cancellationToken);
                }
            }
            catch (Exception e)
            {
                LogWriteFailed(e, part[0].Message.ConversationId, part[0].Message.Seq);
                part[0].Done.SetException(e);
            }
        }
    }

    private async Task WriteAloneAsync(Pending single, CancellationToken cancellationToken)
    {
        try
        {
            Complete([single], await WriteRowsAsync([single], cancellationToken));
        }
        catch (Exception e)
        {
            // The sender gets the failure (its client retries with the same client message id); the writer goes on.
            LogWriteFailed(e, single.Message.ConversationId, single.Message.Seq);
            single.Done.SetException(e);
        }
    }

    private static void Complete(List<Pending> part, HashSet<(string, long)> stored)
    {
        foreach (var pending in part)
        {
            pending.Done.SetResult(stored.Contains((pending.Message.ConversationId, pending.Message.Seq)));
        }
    }

    /// <summary>Stores the messages; answers the (conversation, seq) of those inserted, so the others were duplicates.</summary>
    private async Task<HashSet<(string, long)>> WriteRowsAsync(List<Pending> rows, CancellationToken cancellationToken)
    {
        var count = rows.Count;
        var conversations = new string[count];
        var seqs = new long[count];
        var ids = new string[count];
        var senders = new string[count];
        var texts = new string[count];
        var attachments = new string[count];
        var sentAt = new DateTime[count];
        var clientIds = new string[count];
        var (linkIds, linkConversations, linkSeqs) = (new List<string>(), new List<string>(), new List<long>());
        for (var i = 0; i < count; i++)
        {
            var m = rows[i].Message;
            (conversations[i], seqs[i], ids[i], senders[i], texts[i]) = (m.ConversationId, m.Seq, m.Id, m.SenderId, m.Text);
            (attachments[i], sentAt[i], clientIds[i]) = (rows[i].Attachments, m.SentAt.UtcDateTime, m.ClientMessageId);
            foreach (var attachment in m.Attachments)
            {
                linkIds.Add(attachment.Id);
                linkConversations.Add(m.ConversationId);
                linkSeqs.Add(m.Seq);
            }
        }

        // One statement: the inserted rows (duplicates skipped by the client-id key) drive the attachment links.
        await using var command = db.CreateCommand("""
            WITH stored AS (
                INSERT INTO messages (conversation_id, seq, id, sender_id, text, attachments, sent_at, client_message_id)
                SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::jsonb[], $7::timestamptz[], $8::text[])
                ON CONFLICT (conversation_id, sender_id, client_message_id) DO NOTHING
                RETURNING conversation_id, seq
            ), links AS (
                INSERT INTO message_attachments (attachment_id, conversation_id, seq)
                SELECT l.attachment_id, l.conversation_id, l.seq
                  FROM unnest($9::text[], $10::text[], $11::bigint[]) AS l(attachment_id, conversation_id, seq)
                  JOIN stored s ON s.conversation_id = l.conversation_id AND s.seq = l.seq
                ON CONFLICT DO NOTHING
            )
            SELECT conversation_id, seq FROM stored
            """);
        command.Parameters.Add(new() { Value = conversations, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = seqs, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        command.Parameters.Add(new() { Value = ids, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = senders, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = texts, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = attachments, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
        command.Parameters.Add(new() { Value = sentAt, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = clientIds, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = linkIds.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = linkConversations.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = linkSeqs.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        var stored = new HashSet<(string, long)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            stored.Add((reader.GetString(0), reader.GetInt64(1)));
        }

        return stored;
    }

    /// <summary>One send: the message, its serialized forms, and its caller's completion.</summary>
    public sealed record Pending(Message Message, string Attachments, TaskCompletionSource<bool> Done);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing a batch of {Count} messages failed; writing each on its own")]
    private partial void LogBatchFailed(Exception e, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Storing message {Seq} of conversation {ConversationId} failed; its send is answered with an error")]
    private partial void LogWriteFailed(Exception e, string conversationId, long seq);
}
