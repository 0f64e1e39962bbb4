using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace OmniBiz.Silo.Database;

/// <summary>
/// A private PostgreSQL server in a folder of its own, started from the machine's binaries on a free loopback port.
/// Its data survives restarts. PostgreSQL refuses to run as root, so under root the server runs as the
/// unprivileged <c>postgres</c> (or <c>nobody</c>) account, which then owns the cluster folder.
/// </summary>
public sealed partial class EmbeddedPostgres : IAsyncDisposable
{
    private const string SuperUser = "omnibiz";
    private readonly string _binFolder;
    private readonly string _clusterFolder;
    private readonly string _passwordFile;
    private readonly string _logFile;
    private readonly string _ownerFile;
    private readonly string? _runAs;
    private readonly ILogger _logger;
    private bool _stopOnDispose;
    private IReadOnlyDictionary<string, string> _settings = new Dictionary<string, string>();

    private EmbeddedPostgres(string binFolder, string dataFolder, ILogger logger)
    {
        _binFolder = binFolder;
        _clusterFolder = Path.Combine(dataFolder, "postgres");
        _passwordFile = Path.Combine(dataFolder, "postgres.password");
        _logFile = Path.Combine(_clusterFolder, "server.log");
        _ownerFile = Path.Combine(dataFolder, "postgres.owner");
        _runAs = Environment.IsPrivilegedProcess ? PickUnprivilegedUser() : null;
        _logger = logger;
    }

    /// <summary>The connection string of the running server (database <c>omnibiz</c>).</summary>
    public string ConnectionString { get; private set; } = "";

    public int Port { get; private set; }

    /// <summary>Initializes the cluster on first use, then starts it, or joins the one already running from this folder.</summary>
    public static async Task<EmbeddedPostgres> StartAsync(string dataFolder, string? binFolder, ILogger logger, CancellationToken cancellationToken = default,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        var bin = PostgresBinaries.Find(binFolder) ?? throw new InvalidOperationException(
            $"No PostgreSQL server binaries (initdb, pg_ctl, postgres) were found on PATH or under /usr/lib/postgresql. {PostgresBinaries.InstallHint}");
        Directory.CreateDirectory(dataFolder);
        var server = new EmbeddedPostgres(bin, Path.GetFullPath(dataFolder), logger) { _settings = settings ?? new Dictionary<string, string>() };
        await server.StartCoreAsync(cancellationToken);
        return server;
    }

    /// <summary>Stops the server running from a data folder, if any (for cleaning up after a process that died).</summary>
    public static async Task StopIfRunningAsync(string dataFolder, string? binFolder, ILogger logger, CancellationToken cancellationToken = default)
    {
        if (PostgresBinaries.Find(binFolder) is not { } bin)
        {
            return;
        }

        var server = new EmbeddedPostgres(bin, Path.GetFullPath(dataFolder), logger);
        if (server.ReadRunningPort() is not null)
        {
            await server.RunAsync("pg_ctl", ["-D", server._clusterFolder, "-m", "immediate", "-w", "stop"], cancellationToken);
        }
    }

    /// <summary>
    /// Starts a small watchdog that stops this server once the given process has gone, however it ended. The node does
    /// not use it (a killed node's server is reused by the next start); test runs do, so nothing outlives them.
    /// </summary>
    public void StopWhenProcessExits(int processId)
    {
        var stop = $"'{Path.Combine(_binFolder, "pg_ctl")}' -D '{_clusterFolder}' -m immediate -w stop";
        if (_runAs is not null)
        {
            stop = $"runuser -u {_runAs} -- {stop}";
        }

        var watchdog = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        watchdog.ArgumentList.Add("-c");
        watchdog.ArgumentList.Add(string.Create(CultureInfo.InvariantCulture, $"while kill -0 {processId} 2>/dev/null; do sleep 1; done; {stop} >/dev/null 2>&1"));
        Process.Start(watchdog)?.Dispose();
    }

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Path.Combine(_clusterFolder, "PG_VERSION")))
        {
            await InitializeClusterAsync(cancellationToken);
        }

        var password = (await File.ReadAllTextAsync(_passwordFile, cancellationToken)).Trim();
        var runningPort = ReadRunningPort();
        if (runningPort is { } port && await CanConnectAsync(port, password, cancellationToken))
        {
            Port = port;
            if (OwnerIsAlive())
            {
                // A sibling node started it and stops it: share it, leave it running.
                LogJoined(_clusterFolder, port);
            }
            else
            {
                // Its owner was killed before it could stop it: this process owns it now, and stops it on shutdown.
                await TakeOwnershipAsync(cancellationToken);
                LogAdopted(_clusterFolder, port);
            }
        }
        else
        {
            Port = FreeLoopbackPort();
            await RunServerAsync(cancellationToken);
            await TakeOwnershipAsync(cancellationToken);
            LogStarted(_clusterFolder, Port);
        }

        ConnectionString = Build(Port, password, "omnibiz");
        await EnsureDatabaseAsync(password, cancellationToken);
    }

    private Task RunServerAsync(CancellationToken cancellationToken)
    {
        var options = string.Create(CultureInfo.InvariantCulture,
            $"-p {Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=300") + ServerSettings.CommandLine(_settings);
        return RunAsync("pg_ctl", ["-D", _clusterFolder, "-l", _logFile, "-w", "-t", "60", "-o", options, "start"], cancellationToken);
    }

    /// <summary>Stops the server as an operator's restart would (fast: sessions end, committed work is kept).</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) =>
        RunAsync("pg_ctl", ["-D", _clusterFolder, "-m", "fast", "-w", "stop"], cancellationToken);

    /// <summary>Starts the server again, after <see cref="StopAsync"/>, on the port and settings it had.</summary>
    public Task StartAgainAsync(CancellationToken cancellationToken = default) => RunServerAsync(cancellationToken);

    private async Task InitializeClusterAsync(CancellationToken cancellationToken)
    {
        if (Directory.Exists(_clusterFolder))
        {
            Directory.Delete(_clusterFolder, recursive: true);
        }

        Directory.CreateDirectory(_clusterFolder);
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        await File.WriteAllTextAsync(_passwordFile, password, cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(_passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var initPasswordFile = Path.Combine(Path.GetDirectoryName(_clusterFolder)!, ".initdb-password");
        await File.WriteAllTextAsync(initPasswordFile, password, cancellationToken);
        try
        {
            if (_runAs is not null)
            {
                await EnsureReachableByAsync(_runAs, cancellationToken);
                await RunPlainAsync("chown", ["-R", _runAs, _clusterFolder, initPasswordFile], cancellationToken);
            }

            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(_clusterFolder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
            await RunAsync("initdb", ["-D", _clusterFolder, "-U", SuperUser, $"--pwfile={initPasswordFile}",
                "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C", "--no-instructions"], cancellationToken);
            LogInitialized(_clusterFolder);
        }
        finally
        {
            File.Delete(initPasswordFile);
        }
    }

    private async Task EnsureReachableByAsync(string user, CancellationToken cancellationToken)
    {
        var (exitCode, _) = await RunPlainAsync("runuser", ["-u", user, "--", "test", "-x", Path.GetDirectoryName(_clusterFolder)!], cancellationToken, throwOnError: false);
        if (exitCode != 0)
        {
            throw new InvalidOperationException(
                $"Running as root, OmniBiz runs PostgreSQL as the unprivileged user '{user}', who cannot reach '{Path.GetDirectoryName(_clusterFolder)}'. " +
                "Set OmniBiz:DataDir to a folder that user can reach (for example under /var/lib or /tmp), or run as a normal user, " +
                "or set ConnectionStrings:OmniBiz to use an existing server.");
        }
    }

    private async Task EnsureDatabaseAsync(string password, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(Build(Port, password, "postgres"));
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = 'omnibiz'", connection);
        if (await exists.ExecuteScalarAsync(cancellationToken) is null)
        {
            await using var create = new NpgsqlCommand("CREATE DATABASE omnibiz", connection);
            try
            {
                await create.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
            {
                // A sibling node created it first.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopOnDispose)
        {
            return;
        }

        _stopOnDispose = false;
        await RunAsync("pg_ctl", ["-D", _clusterFolder, "-m", "fast", "-w", "-t", "60", "stop"], CancellationToken.None);
        File.Delete(_ownerFile);
        LogStopped(_clusterFolder);
    }

    /// <summary>Records this process (id and start time, so a reused id is not mistaken for it) as the one that stops the server.</summary>
    private async Task TakeOwnershipAsync(CancellationToken cancellationToken)
    {
        using var self = Process.GetCurrentProcess();
        await File.WriteAllTextAsync(_ownerFile, string.Create(CultureInfo.InvariantCulture, $"{self.Id} {self.StartTime.ToUniversalTime().Ticks}"), cancellationToken);
        _stopOnDispose = true;
    }

    private bool OwnerIsAlive()
    {
        try
        {
            var parts = File.ReadAllText(_ownerFile).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out var pid) || !long.TryParse(parts[1], CultureInfo.InvariantCulture, out var started))
            {
                return false;
            }

            using var owner = Process.GetProcessById(pid);
            // On Linux the start time is derived from boot time and jiffies, and two reads can differ by a few
            // milliseconds: a reused process id is told apart by a difference of seconds, not by exact equality.
            return !owner.HasExited && Math.Abs(owner.StartTime.ToUniversalTime().Ticks - started) < TimeSpan.TicksPerSecond;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            // No owner file (a server from before owners were recorded, or one whose owner is gone): nobody else stops it.
            return false;
        }
    }

    private static string Build(int port, string password, string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = port,
        Username = SuperUser,
        Password = password,
        Database = database,
    }.ConnectionString;

    /// <summary>
    /// CPU seconds the server has used since it started (the postmaster and every backend and worker, exited ones
    /// included), or null when the server's process cannot be read. The node reports it beside its own CPU.
    /// </summary>
    public double? CpuSeconds()
    {
        try
        {
            var lines = File.ReadAllLines(Path.Combine(_clusterFolder, "postmaster.pid"));
            return lines.Length > 0 && int.TryParse(lines[0], out var pid) ? ProcessCpu.TreeSeconds(pid) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private int? ReadRunningPort()
    {
        // postmaster.pid: line 1 is the server's process id, line 4 its port.
        var pidFile = Path.Combine(_clusterFolder, "postmaster.pid");
        try
        {
            var lines = File.ReadAllLines(pidFile);
            if (lines.Length >= 4 && int.TryParse(lines[0], out var pid) && int.TryParse(lines[3], out var port) && IsAlive(pid))
            {
                return port;
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static async Task<bool> CanConnectAsync(int port, string password, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(Build(port, password, "postgres") + ";Timeout=5");
            await connection.OpenAsync(cancellationToken);
            return true;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private Task<(int ExitCode, string Output)> RunAsync(string program, string[] arguments, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_binFolder, program);
        return _runAs is null
            ? RunPlainAsync(path, arguments, cancellationToken)
            : RunPlainAsync("runuser", ["-u", _runAs, "--", path, .. arguments], cancellationToken);
    }

    private async Task<(int ExitCode, string Output)> RunPlainAsync(string program, string[] arguments, CancellationToken cancellationToken, bool throwOnError = true)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(_clusterFolder)!,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var output = (await stdout) + (await stderr);
        if (throwOnError && process.ExitCode != 0)
        {
            var log = File.Exists(_logFile) ? string.Join('\n', File.ReadLines(_logFile).TakeLast(20)) : "";
            throw new InvalidOperationException($"{Path.GetFileName(program)} {string.Join(' ', arguments)} failed with exit code {process.ExitCode}:\n{output}\n{log}");
        }

        return (process.ExitCode, output);
    }

    private static string PickUnprivilegedUser()
    {
        var passwd = File.Exists("/etc/passwd") ? File.ReadAllLines("/etc/passwd") : [];
        return passwd.Any(l => l.StartsWith("postgres:", StringComparison.Ordinal)) ? "postgres" : "nobody";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Initialized a private PostgreSQL cluster in {Folder}")]
    private partial void LogInitialized(string folder);

    [LoggerMessage(Level = LogLevel.Information, Message = "Started the private PostgreSQL in {Folder} on 127.0.0.1:{Port}")]
    private partial void LogStarted(string folder, int port);

    [LoggerMessage(Level = LogLevel.Information, Message = "Using the private PostgreSQL already running from {Folder} on 127.0.0.1:{Port}")]
    private partial void LogJoined(string folder, int port);

    [LoggerMessage(Level = LogLevel.Information, Message = "Took over the private PostgreSQL left running in {Folder} on 127.0.0.1:{Port} by a process that ended; it stops with this one")]
    private partial void LogAdopted(string folder, int port);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped the private PostgreSQL in {Folder}")]
    private partial void LogStopped(string folder);
}
