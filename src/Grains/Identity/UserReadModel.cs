using Npgsql;
using OmniBiz.GrainInterfaces.Identity;

namespace OmniBiz.Grains.Identity;

/// <summary>Keeps the <c>users</c> list table in step with user grains (version-guarded, idempotent).</summary>
public sealed class UserReadModel(NpgsqlDataSource db)
{
    public async Task SaveAsync(UserProfile user, int version)
    {
        await using var command = db.CreateCommand("""
            INSERT INTO users (id, email, display_name, email_key, name_key, roles, disabled, created_at, version)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            ON CONFLICT (id) DO UPDATE SET
                email = EXCLUDED.email, display_name = EXCLUDED.display_name, email_key = EXCLUDED.email_key,
                name_key = EXCLUDED.name_key, roles = EXCLUDED.roles, disabled = EXCLUDED.disabled, version = EXCLUDED.version
            WHERE users.version < EXCLUDED.version
            """);
        command.Parameters.Add(new() { Value = user.Id });
        command.Parameters.Add(new() { Value = user.Email });
        command.Parameters.Add(new() { Value = user.DisplayName });
        command.Parameters.Add(new() { Value = user.Email.ToLowerInvariant() });
        command.Parameters.Add(new() { Value = user.DisplayName.ToLowerInvariant() });
        command.Parameters.Add(new() { Value = user.Roles.ToArray() });
        command.Parameters.Add(new() { Value = user.Disabled });
        command.Parameters.Add(new() { Value = user.CreatedAt });
        command.Parameters.Add(new() { Value = version });
        await command.ExecuteNonQueryAsync();
    }
}
