using System.Text.Json;
using Npgsql;

namespace OmniBiz.WebHost.Common;

/// <summary>
/// Reads a page of read-model documents: the command selects <c>document::text, &lt;timestamp&gt;, id</c> ordered newest
/// first and asks for <c>limit + 1</c> rows; the extra row only tells whether there is a next page.
/// </summary>
public static class DocumentPage
{
    public static async Task<Page<JsonElement>> ReadAsync(NpgsqlCommand command, int limit, CancellationToken cancellationToken)
    {
        var rows = new List<(JsonElement Document, DateTimeOffset At, string Id)>(limit + 1);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((JsonSerializer.Deserialize<JsonElement>(reader.GetString(0)), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2)));
        }

        var page = Paging.PageOf(rows, limit, r => (r.At, r.Id));
        return new Page<JsonElement>([.. page.Items.Select(r => r.Document)], page.NextCursor);
    }
}
