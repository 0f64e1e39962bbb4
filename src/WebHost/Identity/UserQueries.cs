using Npgsql;
using OmniBiz.GrainInterfaces.Common;
using OmniBiz.GrainInterfaces.Identity;
using OmniBiz.WebHost.Common;

namespace OmniBiz.WebHost.Identity;

/// <summary>Reads the users list from the <c>users</c> read model, newest first.</summary>
public sealed class UserQueries(NpgsqlDataSource db)
{
    public async Task<Page<UserProfile>> ListAsync(string? search, string? role, int limit, string? cursor, CancellationToken cancellationToken)
    {
        var after = Paging.Decode(cursor);
        var roleFilter = string.IsNullOrWhiteSpace(role) ? null : role.Trim().ToLowerInvariant();
        if (roleFilter is not null && !Roles.All.Contains(roleFilter))
        {
            throw DomainException.Invalid("role", $"Unknown role '{role}'. Roles are {string.Join(", ", Roles.All)}.");
        }

        // A prefix match: LIKE with the search's own wildcards escaped, on lower-cased keys (indexed with text_pattern_ops).
        var prefix = string.IsNullOrWhiteSpace(search) ? null
            : search.Trim().ToLowerInvariant().Replace("\\", "\\\\", StringComparison.Ordinal)
                .Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
        await using var command = db.CreateCommand("""
            SELECT id, email, display_name, roles, disabled, created_at
              FROM users
             WHERE ($1::text IS NULL OR email_key LIKE $1 OR name_key LIKE $1)
               AND ($2::text IS NULL OR $2 = ANY(roles))
               AND ($3::timestamptz IS NULL OR (created_at, id) < ($3, $4))
             ORDER BY created_at DESC, id DESC
             LIMIT $5
            """);
        command.Parameters.Add(new() { Value = (object?)prefix ?? DBNull.Value, DataTypeName = "text" });
        command.Parameters.Add(new() { Value = (object?)roleFilter ?? DBNull.Value, DataTypeName = "text" });
        command.Parameters.Add(new() { Value = after is { } a ? a.At : DBNull.Value, DataTypeName = "timestamptz" });
        command.Parameters.Add(new() { Value = after is { } b ? b.Id : "", DataTypeName = "text" });
        command.Parameters.Add(new() { Value = limit + 1 });
        var rows = new List<UserProfile>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new UserProfile(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), [.. reader.GetFieldValue<string[]>(3)],
                reader.GetFieldValue<DateTimeOffset>(5), reader.GetBoolean(4)));
        }

        return Paging.PageOf(rows, limit, u => (u.CreatedAt, u.Id));
    }
}
