using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace OmniBiz.Silo.Hosting;

/// <summary>
/// A node cannot start for a reason an operator fixes with a setting: the message names what failed and the setting,
/// and is printed alone (no stack trace) before the process exits with code 1.
/// </summary>
public sealed class StartupFailure(string message, Exception? inner = null) : Exception(message, inner)
{
    public const int ExitCode = 1;

    /// <summary>Runs a node's startup and life; a <see cref="StartupFailure"/> becomes one line on stderr and exit code 1.</summary>
    public static async Task<int> RunAsync(Func<Task> node)
    {
        try
        {
            await node();
            return 0;
        }
        catch (StartupFailure e)
        {
            Console.Error.WriteLine($"OmniBiz could not start: {e.Message}");
            return ExitCode;
        }
        catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            Console.Error.WriteLine($"OmniBiz could not start: {e.Message} Choose another address with the setting urls (--urls or ASPNETCORE_URLS).");
            return ExitCode;
        }
    }

    /// <summary>Turns a failed first connection to the configured database into a message naming host, port and setting.</summary>
    public static StartupFailure ForDatabase(string connectionString, Exception error)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var where = $"{target.Host}:{target.Port}";
        const string setting = "Change the setting ConnectionStrings:OmniBiz (environment variable ConnectionStrings__OmniBiz).";
        return error switch
        {
            PostgresException { SqlState: PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification } =>
                new($"PostgreSQL at {where} refused the password of user '{target.Username}'. {setting}", error),
            PostgresException p => new($"PostgreSQL at {where} refused the connection: {p.MessageText} ({p.SqlState}). {setting}", error),
            _ => new($"PostgreSQL at {where} cannot be reached ({Root(error).Message}). {setting}", error),
        };
    }

    /// <summary>Refuses to start when a port the node must listen on is taken by another process.</summary>
    public static void EnsurePortFree(IPAddress address, int port, string setting)
    {
        try
        {
            using var listener = new TcpListener(address, port);
            listener.Start();
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
        {
            throw new StartupFailure($"Port {port} on {address} is already in use by another process. Choose another with the setting {setting}.", e);
        }
    }

    private static Exception Root(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }
}
