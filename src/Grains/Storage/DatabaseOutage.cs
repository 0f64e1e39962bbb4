using Npgsql;

namespace OmniBiz.Grains.Storage;

/// <summary>
/// Recognizes a failure caused by PostgreSQL being unreachable, restarting or refusing connections, however deep a
/// grain's storage provider wrapped it: such a request changed nothing and is answered 503 (REST) or with a hub
/// error saying to retry, never as a bug.
/// </summary>
public static class DatabaseOutage
{
    public const string Message = "The database is unreachable or restarting. Nothing was changed; retry in a few seconds.";

    public static bool Caused(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException postgres:
                    // 08: connection exceptions; 53: insufficient resources; 57P: the server shutting down or starting.
                    return postgres.IsTransient || postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
                        || postgres.SqlState.StartsWith("53", StringComparison.Ordinal) || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal);
                case NpgsqlException npgsql:
                    return npgsql.IsTransient || npgsql.InnerException is System.Net.Sockets.SocketException or IOException or TimeoutException;
                case AggregateException { InnerExceptions.Count: 1 } aggregate:
                    e = aggregate;
                    break;
            }
        }

        return false;
    }

    /// <summary>Whether PostgreSQL failed somewhere under <paramref name="exception"/>, for whatever reason.</summary>
    public static bool Involved(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is NpgsqlException)
            {
                return true;
            }
        }

        return false;
    }
}
