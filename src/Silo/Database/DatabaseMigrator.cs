using DbUp;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace OmniBiz.Silo.Database;

/// <summary>
/// Applies the ordered SQL scripts embedded under Migrations/ with DbUp (journaled in <c>schemaversions</c>,
/// each runs once). A PostgreSQL advisory lock serializes nodes that start at the same moment.
/// </summary>
public static partial class DatabaseMigrator
{
    // Any constant shared by every node; it names the migration lock in pg_locks.
    private const long MigrationLockKey = 0x0B1B_0001;

    public static async Task MigrateAsync(string connectionString, ILogger logger, CancellationToken cancellationToken = default)
    {
        await EnsureDatabaseExistsAsync(connectionString, cancellationToken);

        // Not pooled: the session lock must end with this connection, whatever happens to the release below.
        await using var lockConnection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await lockConnection.OpenAsync(cancellationToken);
        await using (var acquire = new NpgsqlCommand($"SELECT pg_advisory_lock({MigrationLockKey})", lockConnection))
        {
            await acquire.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            var upgrader = DeployChanges.To
                .PostgresqlDatabase(connectionString)
                .WithScriptsEmbeddedInAssembly(typeof(DatabaseMigrator).Assembly, name => name.Contains(".Migrations.", StringComparison.Ordinal))
                .WithTransactionPerScript()
                .LogToNowhere()
                .Build();
            var result = upgrader.PerformUpgrade();
            if (!result.Successful)
            {
                throw new InvalidOperationException($"Database migration {result.ErrorScript?.Name} failed: {result.Error.Message}", result.Error);
            }

            foreach (var script in result.Scripts)
            {
                LogApplied(logger, script.Name);
            }
        }
        finally
        {
            await using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({MigrationLockKey})", lockConnection);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private static async Task EnsureDatabaseExistsAsync(string connectionString, CancellationToken cancellationToken)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var database = target.Database ?? throw new InvalidOperationException("The connection string names no database.");
        var maintenance = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        try
        {
            await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection);
            exists.Parameters.Add(new() { Value = database });
            if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
            {
                return;
            }

            var quoted = "\"" + database.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
            await using var create = new NpgsqlCommand($"CREATE DATABASE {quoted}", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // Another node created it at the same moment.
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.InvalidCatalogName)
        {
            // No rights on the maintenance database: the target must already exist; opening it will say so if not.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied database migration {Script}")]
    private static partial void LogApplied(ILogger logger, string script);
}
