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
        var dataFolder = Path.GetFullPath(configuration["OmniBiz:DataDir"] is { Length: > 0 } configured ? configured : ".omnibiz");
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        EmbeddedPostgres? embedded = null;
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            var binFolder = configuration["OmniBiz:Postgres:BinDir"];
            if (PostgresBinaries.Find(binFolder) is null)
            {
                throw new StartupFailure(string.IsNullOrWhiteSpace(binFolder)
                    ? $"No PostgreSQL server binaries (initdb, pg_ctl, postgres) were found on PATH or under /usr/lib/postgresql. {PostgresBinaries.InstallHint} Or name their folder with the setting OmniBiz:Postgres:BinDir."
                    : $"The folder '{binFolder}' does not hold the PostgreSQL server binaries initdb, pg_ctl and postgres. Change the setting OmniBiz:Postgres:BinDir, or remove it to search PATH.");
            }

            embedded = await EmbeddedPostgres.StartAsync(Path.Combine(dataFolder), binFolder, logger, cancellationToken);
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
