using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Npgsql;
using OmniBiz.Silo.Hosting;

namespace OmniBiz.Silo.Database;

/// <summary>
/// The node's PostgreSQL: the server named by <c>ConnectionStrings:OmniBiz</c>, or else a private one started
/// in <c>OmniBiz:DataDir</c>. Migrations are applied before anything else uses it.
/// </summary>
public sealed partial class OmniBizDatabase : IAsyncDisposable
{
    public const string ConnectionStringName = "OmniBiz";

    private readonly EmbeddedPostgres? _embedded;

    private OmniBizDatabase(string connectionString, EmbeddedPostgres? embedded, string dataFolder)
    {
        ConnectionString = connectionString;
        _embedded = embedded;
        DataFolder = dataFolder;
    }

    public string ConnectionString { get; }

    /// <summary>The node's data folder (private PostgreSQL, generated development keys).</summary>
    public string DataFolder { get; }

    public bool IsEmbedded => _embedded is not null;

    public static async Task<OmniBizDatabase> OpenAsync(IConfiguration configuration, ILogger logger, CancellationToken cancellationToken = default)
    {
        var dataFolder = Path.GetFullPath(configuration.GetSection(DataFolderSettings.Section).Get<DataFolderSettings>()?.DataDir is { Length: > 0 } configured ? configured : ".omnibiz");
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        EmbeddedPostgres? embedded = null;
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            var postgres = configuration.GetSection(PostgresSettings.Section).Get<PostgresSettings>();
            var binFolder = postgres?.BinDir;
            if (PostgresBinaries.Find(binFolder) is null)
            {
                throw new StartupFailure(string.IsNullOrWhiteSpace(binFolder)
                    ? $"No PostgreSQL server binaries (initdb, pg_ctl, postgres) were found on PATH or under /usr/lib/postgresql. {PostgresBinaries.InstallHint} Or name their folder with the setting OmniBiz:Postgres:BinDir."
                    : $"The folder '{binFolder}' does not hold the PostgreSQL server binaries initdb, pg_ctl and postgres. Change the setting OmniBiz:Postgres:BinDir, or remove it to search PATH.");
            }

            embedded = await EmbeddedPostgres.StartAsync(Path.Combine(dataFolder), binFolder, logger, cancellationToken, postgres?.Settings);
            connectionString = embedded.ConnectionString;
        }
        else
        {
            // Fail within seconds, not after the driver's default retries, when the configured server is not there.
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            if (builder.Timeout > 10)
            {
                builder.Timeout = 10;
            }

            try
            {
                await using var probe = new NpgsqlConnection(builder.ConnectionString);
                await probe.OpenAsync(cancellationToken);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or ArgumentException)
            {
                LogFirstConnectionFailed(logger, e);
                throw StartupFailure.ForDatabase(connectionString, e);
            }
        }

        connectionString = WithNodeDefaults(connectionString);

        try
        {
            await DatabaseMigrator.MigrateAsync(connectionString, logger, cancellationToken);
        }
        catch
        {
            if (embedded is not null)
            {
                await embedded.DisposeAsync();
            }

            throw;
        }

        return new OmniBizDatabase(connectionString, embedded, dataFolder);
    }

    /// <summary>CPU seconds the embedded PostgreSQL has used since it started; null for a configured server.</summary>
    public double? DatabaseCpuSeconds => _embedded?.CpuSeconds();

    /// <summary>
    /// Npgsql settings for how the node uses PostgreSQL (a connection string that sets one itself keeps it):
    /// <c>Max Auto Prepare</c> 64 after two uses, so the statements the node repeats (message and trail batches, grain
    /// state, read models) are planned once per connection instead of on every execution; and <c>No Reset On Close</c>,
    /// since the node leaves no session state on a pooled connection (its locks are transaction-scoped, the migration
    /// lock has a connection of its own), so a connection taken from the pool is not reset with <c>RESET ALL</c> and
    /// friends before every use (a checkout profile found that reset in PostgreSQL's own CPU).
    /// </summary>
    public static string WithNodeDefaults(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Sets(connectionString, "Auto Prepare", "AutoPrepare"))
        {
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }

        if (!Sets(connectionString, "No Reset On Close", "NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }

    private static bool Sets(string connectionString, params string[] names) =>
        names.Any(name => connectionString.Contains(name, StringComparison.OrdinalIgnoreCase));

    public async ValueTask DisposeAsync()
    {
        if (_embedded is not null)
        {
            await _embedded.DisposeAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "The first connection to the configured PostgreSQL failed")]
    private static partial void LogFirstConnectionFailed(ILogger logger, Exception error);
}
