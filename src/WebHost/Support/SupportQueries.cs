using System.Collections.Immutable;
using System.Text.Json;
using Npgsql;
using OmniBiz.GrainInterfaces.Common;
using OmniBiz.WebHost.Common;

namespace OmniBiz.WebHost.Support;

/// <summary>Ticket lists from the <c>tickets</c> read model, and the FAQ (plain content: PostgreSQL is its only home).</summary>
public sealed class SupportQueries(NpgsqlDataSource db)
{
    public async Task<Page<JsonElement>> TicketsAsync(string? customerId, string? status, string? priority, string? assigneeId, int limit, string? cursor, CancellationToken cancellationToken)
    {
        var after = Paging.Decode(cursor);
        await using var command = db.CreateCommand("""
            SELECT document::text, created_at, id FROM tickets
             WHERE ($1::text IS NULL OR customer_id = $1) AND ($2::text IS NULL OR status = $2)
               AND ($3::text IS NULL OR priority = $3) AND ($4::text IS NULL OR assignee_id = $4)
               AND ($5::timestamptz IS NULL OR (created_at, id) < ($5, $6))
             ORDER BY created_at DESC, id DESC LIMIT $7
            """);
        foreach (var value in new[] { customerId, status, priority, assigneeId })
        {
            command.Parameters.Add(new() { Value = (object?)value ?? DBNull.Value, DataTypeName = "text" });
        }

        command.Parameters.Add(new() { Value = after is { } a ? a.At : DBNull.Value, DataTypeName = "timestamptz" });
        command.Parameters.Add(new() { Value = after is { } b ? b.Id : "" });
        command.Parameters.Add(new() { Value = limit + 1 });
        return await DocumentPage.ReadAsync(command, limit, cancellationToken);
    }

    /// <summary>FAQ entries; with <paramref name="query"/>, ranked full-text matches (question weighs most, then tags, then answer).</summary>
    public async Task<IReadOnlyList<FaqEntry>> FaqAsync(string? query, int limit, CancellationToken cancellationToken)
    {
        await using var command = string.IsNullOrWhiteSpace(query)
            ? db.CreateCommand("SELECT id, question, answer, tags, updated_at, NULL::float8 FROM faq ORDER BY question LIMIT $1")
            : db.CreateCommand("""
                SELECT id, question, answer, tags, updated_at, ts_rank(search, q)::float8
                  FROM faq, websearch_to_tsquery('english', $2) q
                 WHERE search @@ q ORDER BY 6 DESC, question LIMIT $1
                """);
        command.Parameters.Add(new() { Value = limit });
        if (!string.IsNullOrWhiteSpace(query))
        {
            command.Parameters.Add(new() { Value = query });
        }

        var entries = new List<FaqEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new FaqEntry(reader.GetString(0), reader.GetString(1), reader.GetString(2), [.. reader.GetFieldValue<string[]>(3)],
                reader.GetFieldValue<DateTimeOffset>(4), reader.IsDBNull(5) ? null : Math.Round(reader.GetDouble(5), 4)));
        }

        return entries;
    }

    public async Task<FaqEntry> SaveFaqAsync(string id, FaqRequest request, bool create, CancellationToken cancellationToken)
    {
        var question = request.Question?.Trim() ?? "";
        var answer = request.Answer?.Trim() ?? "";
        ImmutableArray<string> tags = [.. (request.Tags ?? []).Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim().ToLowerInvariant()).Distinct()];
        if (question.Length is 0 or > 500)
        {
            throw DomainException.Invalid("question", "Question must be 1 to 500 characters.");
        }

        if (answer.Length is 0 or > 20_000)
        {
            throw DomainException.Invalid("answer", "Answer must be 1 to 20000 characters.");
        }

        if (tags.Length > 20 || tags.Any(t => t.Length > 50))
        {
            throw DomainException.Invalid("tags", "At most 20 tags of up to 50 characters.");
        }

        await using var command = db.CreateCommand(create
            ? "INSERT INTO faq (id, question, answer, tags, updated_at) VALUES ($1, $2, $3, $4, now()) RETURNING updated_at"
            : "UPDATE faq SET question = $2, answer = $3, tags = $4, updated_at = now() WHERE id = $1 RETURNING updated_at");
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(new() { Value = question });
        command.Parameters.Add(new() { Value = answer });
        command.Parameters.Add(new() { Value = tags.ToArray() });
        var updatedAt = await command.ExecuteScalarAsync(cancellationToken) ?? throw DomainException.NotFound($"No FAQ entry '{id}'.");
        return new FaqEntry(id, question, answer, tags, new DateTimeOffset((DateTime)updatedAt, TimeSpan.Zero), null);
    }

    public async Task DeleteFaqAsync(string id, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("DELETE FROM faq WHERE id = $1");
        command.Parameters.Add(new() { Value = id });
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            throw DomainException.NotFound($"No FAQ entry '{id}'.");
        }
    }
}
