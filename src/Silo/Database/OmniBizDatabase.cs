using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace OmniBiz.Silo.Database;

/// <summary>
/// The node's PostgreSQL: the server named by <c>ConnectionStrings:OmniBiz</c>, or else a private one started
/// in <c>OmniBiz:DataDir</c>. Migrations are applied before anything else uses it.
/// </summary>
public sealed class OmniBizDatabase : IAsyncDisposable
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
            embedded = await EmbeddedPostgres.StartAsync(Path.Combine(dataFolder), configuration.GetSection(PostgresSettings.Section).Get<PostgresSettings>()?.BinDir, logger, cancellationToken);
            connectionString = embedded.ConnectionString;
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
}
