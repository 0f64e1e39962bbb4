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

        connectionString = WithPreparedStatements(connectionString);

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
    /// Lets Npgsql prepare the statements the node repeats (message and trail batches, grain state, read models) on
    /// each connection, so PostgreSQL plans them once instead of on every execution. A connection string that sets
    /// its own <c>Max Auto Prepare</c> keeps it.
    /// </summary>
    public static string WithPreparedStatements(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase) && !connectionString.Contains("AutoPrepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }

        return builder.ConnectionString;
    }

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
