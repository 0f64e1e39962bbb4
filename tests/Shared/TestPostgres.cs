using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using OmniBiz.Silo.Database;

namespace OmniBiz.Tests.Shared;

/// <summary>
/// One real PostgreSQL for the whole test run: the server named by OMNIBIZ_TEST_POSTGRES, or else a private one
/// started with the product's own <see cref="EmbeddedPostgres"/> in a temporary folder. Every fixture gets a
/// database of its own, so tests never see each other's rows.
/// </summary>
public static class TestPostgres
{
    private static readonly Lazy<Task<string>> Server = new(StartAsync);
    private static EmbeddedPostgres? _embedded;

    /// <summary>A connection string to a new, empty database (not yet migrated).</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix)
    {
        var server = await Server.Value;
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(60, prefix.Length + 33)].ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    /// <summary>A new database with the product's migrations applied.</summary>
    public static async Task<string> CreateMigratedDatabaseAsync(string prefix)
    {
        var connectionString = await CreateDatabaseAsync(prefix);
        await DatabaseMigrator.MigrateAsync(connectionString, NullLogger.Instance);
        return connectionString;
    }

    private static async Task<string> StartAsync()
    {
        if (Environment.GetEnvironmentVariable("OMNIBIZ_TEST_POSTGRES") is { Length: > 0 } external)
        {
            return external;
        }

        await RemoveLeftoversAsync();
        var folder = Path.Combine(Path.GetTempPath(), $"omnibiz-tests-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        _embedded = await EmbeddedPostgres.StartAsync(folder, null, NullLogger.Instance);
        _embedded.StopWhenProcessExits(Environment.ProcessId);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            _embedded.DisposeAsync().AsTask().GetAwaiter().GetResult();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        };
        return _embedded.ConnectionString;
    }

    /// <summary>Stops and deletes servers left by test runs whose process is gone (killed before it could clean up).</summary>
    private static async Task RemoveLeftoversAsync()
    {
        foreach (var folder in Directory.GetDirectories(Path.GetTempPath(), "omnibiz-tests-*"))
        {
            var parts = Path.GetFileName(folder).Split('-');
            if (parts.Length < 3 || !int.TryParse(parts[2], out var pid) || IsAlive(pid))
            {
                continue;
            }

            try
            {
                await EmbeddedPostgres.StopIfRunningAsync(folder, null, NullLogger.Instance);
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                // Someone else's, or already going: leave it.
            }
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
