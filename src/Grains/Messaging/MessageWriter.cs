using System.Text.Json;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using OmniBiz.GrainInterfaces.Messaging;
using OmniBiz.Grains.Realtime;
using OmniBiz.Grains.Storage;
using OmniBiz.Grains.Telemetry;

namespace OmniBiz.Grains.Messaging;

/// <summary>
/// Group commit for messages: sends from every conversation on this silo are collected while the previous write runs,
/// then stored by one statement (one transaction, one WAL flush). That statement inserts the messages, skips any whose
/// client message id the sender already used, and links attachments: nothing else is written per message (a
/// conversation's newest message and a sender's implied read pointer are derived from the messages when read; see
/// <see cref="MessageStore.EffectiveReadPointer"/>). A caller's task completes only when its batch is committed,
/// answering whether its message was stored or was a duplicate.
/// <para>
/// A conversation hands over its sends in seq order without waiting for earlier ones to commit, each on the
/// conversation's <see cref="WriteChain"/>. Seqs stay gapless because a chain stops at its first message that is not
/// stored: the statement stores none of a chain's messages after one found to be a duplicate, and once a message of a
/// chain failed or was a duplicate, every later message of that chain fails with <see cref="ChainBrokenException"/>
/// without being written. The conversation then starts a new chain from the first seq that was not stored.
/// </para>
/// </summary>
public sealed partial class MessageWriter(MessageWriter.Connections connections, ILogger<MessageWriter> logger) : GroupCommitWriter<MessageWriter.Pending>
{
    private const int MaxMessagesPerWrite = 2_000;
    private readonly NpgsqlDataSource db = connections.DataSource;

    /// <summary>
    /// The writer's own connections. Its statement is prepared once per connection and PostgreSQL then keeps one
    /// generic plan for it; planned while <c>messages</c> was small (a new installation, a node started on an empty
    /// table), that plan probes for duplicates with a sequential scan and hash join, and keeps doing so as the table
    /// grows, until the next automatic analyze replaces it: every batch then reads the whole table (measured: 82
    /// million rows read for 26,000 messages in a 25-second run). The probe is one unique-index lookup per message, so
    /// these sessions are told not to plan sequential scans at all; nothing else runs on them.
    /// </summary>
    public sealed class Connections(string connectionString) : IDisposable
    {
        public NpgsqlDataSource DataSource { get; } = NpgsqlDataSource.Create(
            new NpgsqlConnectionStringBuilder(connectionString) { Options = "-c enable_seqscan=off" });

        public void Dispose() => DataSource.Dispose();
    }

    /// <summary>
    /// Queues the message for the next write: true once it is committed, false when it was a duplicate (then no later
    /// message of <paramref name="chain"/> is stored).
    /// </summary>
    public Task<bool> AppendAsync(Message message, WriteChain chain)
    {
        var pending = new Pending(message, JsonSerializer.Serialize(message.Attachments, RealtimeJson.Options), chain, new(TaskCreationOptions.RunContinuationsAsynchronously));
        Enqueue(pending);
        return pending.Done.Task;
    }

    protected override async Task WriteAsync(List<Pending> batch, CancellationToken cancellationToken)
    {
        for (var offset = 0; offset < batch.Count; offset += MaxMessagesPerWrite)
        {
            var part = SkipBroken(batch.GetRange(offset, Math.Min(MaxMessagesPerWrite, batch.Count - offset)));
            if (part.Count == 0)
            {
                continue;
            }

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
                    if (single.Chain.Broken)
                    {
                        single.Done.SetException(new ChainBrokenException());
                        continue;
                    }

                    await WriteAloneAsync(single, cancellationToken);
                }
            }
            catch (Exception e)
            {
                LogWriteFailed(e, part[0].Message.ConversationId, part[0].Message.Seq);
                part[0].Chain.Broken = true;
                part[0].Done.SetException(e);
            }
        }
    }

    /// <summary>Fails, unwritten, the messages queued on chains that stopped; answers the others.</summary>
    private static List<Pending> SkipBroken(List<Pending> queued)
    {
        if (!queued.Exists(p => p.Chain.Broken))
        {
            return queued;
        }

        var writable = new List<Pending>(queued.Count);
        foreach (var pending in queued)
        {
            if (pending.Chain.Broken)
            {
                pending.Done.SetException(new ChainBrokenException());
            }
            else
            {
                writable.Add(pending);
            }
        }

        return writable;
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
            single.Chain.Broken = true;
            single.Done.SetException(e);
        }
    }

    /// <summary>
    /// Answers each message in seq order: stored, or a duplicate (which stops its chain), or, after its chain stopped,
    /// failed. A message neither stored nor known as a duplicate lost a race with another activation's insert of the
    /// same client message id: it counts as a duplicate.
    /// </summary>
    private static void Complete(List<Pending> part, Dictionary<(string, long), bool> outcomes)
    {
        foreach (var pending in part)
        {
            if (outcomes.TryGetValue((pending.Message.ConversationId, pending.Message.Seq), out var stored) && stored)
            {
                OmniBizMetrics.MessagesStored.Add(1);
                pending.Done.SetResult(true);
            }
            else if (pending.Chain.Broken)
            {
                pending.Done.SetException(new ChainBrokenException());
            }
            else
            {
                pending.Chain.Broken = true;
                pending.Done.SetResult(false);
            }
        }
    }

    /// <summary>
    /// Stores the messages; answers, by (conversation, seq), true for each one inserted and false for each one whose
    /// client message id was used before. Of a conversation's messages, none from its first duplicate on is inserted.
    /// </summary>
    private async Task<Dictionary<(string, long), bool>> WriteRowsAsync(List<Pending> rows, CancellationToken cancellationToken)
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

        // One statement: duplicates found by the client-id key stop their conversation's rows from there on; the
        // inserted rows drive the attachment links.
        await using var command = db.CreateCommand("""
            WITH input AS (
                SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::jsonb[], $7::timestamptz[], $8::text[])
                    AS i(conversation_id, seq, id, sender_id, text, attachments, sent_at, client_message_id)
            ), duplicates AS (
                SELECT i.conversation_id, i.seq FROM input i
                  JOIN messages m ON m.conversation_id = i.conversation_id AND m.sender_id = i.sender_id
                                 AND m.client_message_id = i.client_message_id
            ), stored AS (
                INSERT INTO messages (conversation_id, seq, id, sender_id, text, attachments, sent_at, client_message_id)
                SELECT i.conversation_id, i.seq, i.id, i.sender_id, i.text, i.attachments, i.sent_at, i.client_message_id
                  FROM input i
                 WHERE NOT EXISTS (SELECT 1 FROM duplicates d WHERE d.conversation_id = i.conversation_id AND d.seq <= i.seq)
                ON CONFLICT (conversation_id, sender_id, client_message_id) DO NOTHING
                RETURNING conversation_id, seq
            ), links AS (
                INSERT INTO message_attachments (attachment_id, conversation_id, seq)
                SELECT l.attachment_id, l.conversation_id, l.seq
                  FROM unnest($9::text[], $10::text[], $11::bigint[]) AS l(attachment_id, conversation_id, seq)
                  JOIN stored s ON s.conversation_id = l.conversation_id AND s.seq = l.seq
                ON CONFLICT DO NOTHING
            )
            SELECT conversation_id, seq, true FROM stored
            UNION ALL
            SELECT conversation_id, seq, false FROM duplicates
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
        var outcomes = new Dictionary<(string, long), bool>(count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            outcomes[(reader.GetString(0), reader.GetInt64(1))] = reader.GetBoolean(2);
        }

        return outcomes;
    }

    /// <summary>One send: the message, its serialized forms, its conversation's chain, and its caller's completion.</summary>
    public sealed record Pending(Message Message, string Attachments, WriteChain Chain, TaskCompletionSource<bool> Done);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing a batch of {Count} messages failed; writing each on its own")]
    private partial void LogBatchFailed(Exception e, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Storing message {Seq} of conversation {ConversationId} failed; its send is answered with an error")]
    private partial void LogWriteFailed(Exception e, string conversationId, long seq);
}

/// <summary>
/// The sends a conversation activation hands to the <see cref="MessageWriter"/> one after another without waiting for
/// their commits. Broken once one of them is not stored (a duplicate or a failure): the writer then stores none of its
/// later messages, so the conversation's seqs stay gapless.
/// </summary>
public sealed class WriteChain
{
    private volatile bool _broken;

    public bool Broken
    {
        get => _broken;
        set => _broken = value;
    }
}

/// <summary>An earlier send of the same conversation was not stored, so this one was not written either.</summary>
public sealed class ChainBrokenException() : Exception("An earlier message of this conversation was not stored; this one was not written.");
