using System.Collections.Immutable;
using System.Text.Json;
using Npgsql;
using OmniBiz.GrainInterfaces.Messaging;
using OmniBiz.Grains.Realtime;

namespace OmniBiz.Grains.Messaging;

/// <summary>
/// Messages and the conversation list tables: reads, conversation and read-pointer writes. Messages themselves are
/// appended by the silo's <see cref="MessageWriter"/>; the unique key on (conversation, sender, client message id)
/// makes a retried send find the first message instead of storing a second.
/// </summary>
public sealed class MessageStore(NpgsqlDataSource db)
{
    public async Task<Message?> FindByClientIdAsync(string conversationId, string senderId, string clientMessageId)
    {
        await using var command = db.CreateCommand($"{Select} WHERE conversation_id = $1 AND sender_id = $2 AND client_message_id = $3");
        command.Parameters.Add(new() { Value = conversationId });
        command.Parameters.Add(new() { Value = senderId });
        command.Parameters.Add(new() { Value = clientMessageId });
        return (await ReadAsync(command)).FirstOrDefault();
    }

    /// <summary>The conversation's highest seq and its most recent messages (oldest first).</summary>
    public async Task<(long LastSeq, List<Message> Recent)> LoadTailAsync(string conversationId, int count)
    {
        await using var command = db.CreateCommand($"{Select} WHERE conversation_id = $1 ORDER BY seq DESC LIMIT $2");
        command.Parameters.Add(new() { Value = conversationId });
        command.Parameters.Add(new() { Value = count });
        var recent = await ReadAsync(command);
        recent.Reverse();
        return (recent.Count == 0 ? 0 : recent[^1].Seq, recent);
    }

    /// <summary>History: messages after <paramref name="afterSeq"/> (ascending), or before <paramref name="beforeSeq"/> (the newest of them, ascending).</summary>
    public async Task<List<Message>> PageAsync(string conversationId, long? beforeSeq, long? afterSeq, int limit)
    {
        var descending = afterSeq is null;
        await using var command = db.CreateCommand($"""
            {Select} WHERE conversation_id = $1 AND ($2::bigint IS NULL OR seq < $2) AND ($3::bigint IS NULL OR seq > $3)
            ORDER BY seq {(descending ? "DESC" : "ASC")} LIMIT $4
            """);
        command.Parameters.Add(new() { Value = conversationId });
        command.Parameters.Add(new() { Value = (object?)beforeSeq ?? DBNull.Value, DataTypeName = "bigint" });
        command.Parameters.Add(new() { Value = (object?)afterSeq ?? DBNull.Value, DataTypeName = "bigint" });
        command.Parameters.Add(new() { Value = limit });
        var messages = await ReadAsync(command);
        if (descending)
        {
            messages.Reverse();
        }

        return messages;
    }

    /// <summary>Writes the conversation row and its member rows (creation and membership changes).</summary>
    public async Task SaveConversationAsync(Conversation conversation, IReadOnlyDictionary<string, long> readUpTo)
    {
        await using var batch = db.CreateBatch();
        var upsert = new NpgsqlBatchCommand("""
            INSERT INTO conversations (id, type, title, ticket_id, created_at, last_activity_at)
            VALUES ($1, $2, $3, $4, $5, $5)
            ON CONFLICT (id) DO UPDATE SET title = EXCLUDED.title
            """);
        upsert.Parameters.Add(new() { Value = conversation.Id });
        upsert.Parameters.Add(new() { Value = conversation.Type });
        upsert.Parameters.Add(new() { Value = (object?)conversation.Title ?? DBNull.Value });
        upsert.Parameters.Add(new() { Value = (object?)conversation.TicketId ?? DBNull.Value });
        upsert.Parameters.Add(new() { Value = conversation.CreatedAt });
        batch.BatchCommands.Add(upsert);

        var removed = new NpgsqlBatchCommand("DELETE FROM conversation_members WHERE conversation_id = $1 AND NOT (user_id = ANY($2))");
        removed.Parameters.Add(new() { Value = conversation.Id });
        removed.Parameters.Add(new() { Value = conversation.Members.ToArray() });
        batch.BatchCommands.Add(removed);

        var members = new NpgsqlBatchCommand("""
            INSERT INTO conversation_members (conversation_id, user_id, last_read_seq)
            SELECT $1, u, r FROM unnest($2::text[], $3::bigint[]) AS m(u, r)
            ON CONFLICT (conversation_id, user_id) DO UPDATE SET last_read_seq = GREATEST(conversation_members.last_read_seq, EXCLUDED.last_read_seq)
            """);
        members.Parameters.Add(new() { Value = conversation.Id });
        members.Parameters.Add(new() { Value = conversation.Members.ToArray() });
        members.Parameters.Add(new() { Value = conversation.Members.Select(m => readUpTo.GetValueOrDefault(m)).ToArray() });
        batch.BatchCommands.Add(members);
        await batch.ExecuteNonQueryAsync();
    }

    /// <summary>Every member's read pointer (see <see cref="EffectiveReadPointer"/>).</summary>
    public async Task<Dictionary<string, long>> ReadPointersAsync(string conversationId)
    {
        await using var command = db.CreateCommand($"SELECT m.user_id, {EffectiveReadPointer} FROM conversation_members m WHERE m.conversation_id = $1");
        command.Parameters.Add(new() { Value = conversationId });
        var pointers = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            pointers[reader.GetString(0)] = reader.GetInt64(1);
        }

        return pointers;
    }

    public async Task SaveReadPointerAsync(string conversationId, string userId, long seq)
    {
        await using var command = db.CreateCommand("""
            UPDATE conversation_members SET last_read_seq = GREATEST(last_read_seq, $3) WHERE conversation_id = $1 AND user_id = $2
            """);
        command.Parameters.Add(new() { Value = conversationId });
        command.Parameters.Add(new() { Value = userId });
        command.Parameters.Add(new() { Value = seq });
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The attachments <paramref name="uploaderId"/> uploaded, among the given ids.</summary>
    public async Task<List<AttachmentInfo>> OwnedAttachmentsAsync(string uploaderId, IReadOnlyList<string> ids)
    {
        await using var command = db.CreateCommand("""
            SELECT id, file_name, content_type, size FROM attachments WHERE uploader_id = $1 AND id = ANY($2)
            """);
        command.Parameters.Add(new() { Value = uploaderId });
        command.Parameters.Add(new() { Value = ids.ToArray() });
        var found = new List<AttachmentInfo>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            found.Add(new AttachmentInfo(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3)));
        }

        return found;
    }

    /// <summary>The columns of a message, in the order <see cref="ReadMessage"/> reads them.</summary>
    public const string Columns = "id, conversation_id, seq, sender_id, text, attachments::text, sent_at, client_message_id";

    private const string Select = $"SELECT {Columns} FROM messages";

    private static async Task<List<Message>> ReadAsync(NpgsqlCommand command)
    {
        var messages = new List<Message>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            messages.Add(ReadMessage(reader, 0));
        }

        return messages;
    }

    /// <summary>A message from <see cref="Columns"/>, starting at column <paramref name="first"/>.</summary>
    public static Message ReadMessage(NpgsqlDataReader reader, int first) => new(
        reader.GetString(first), reader.GetString(first + 1), reader.GetInt64(first + 2), reader.GetString(first + 3), reader.GetString(first + 4),
        JsonSerializer.Deserialize<ImmutableArray<AttachmentInfo>>(reader.GetString(first + 5), RealtimeJson.Options),
        reader.GetFieldValue<DateTimeOffset>(first + 6), reader.GetString(first + 7));

    /// <summary>
    /// A member's read pointer as the product means it: what they marked read, or their own newest message if that is
    /// later (replying reads everything before it). Sends do not move the stored pointer — that would be a second row
    /// update per message —, so it is derived here, scanning back only over the messages after the stored pointer.
    /// <c>m</c> is the member's <c>conversation_members</c> row.
    /// </summary>
    public const string EffectiveReadPointer = """
        GREATEST(m.last_read_seq, COALESCE((SELECT own.seq FROM messages own
            WHERE own.conversation_id = m.conversation_id AND own.seq > m.last_read_seq AND own.sender_id = m.user_id
            ORDER BY own.seq DESC LIMIT 1), 0))
        """;
}
