using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using OmniBiz.Silo.Database;

// A cluster on one machine: a shared private PostgreSQL, N standalone silos and M client-mode web nodes.
//   dotnet run --project src/Cluster -- --silos 3 --web 2 [--data-dir .omnibiz-cluster] [--web-port 5001]
//   dotnet run --project src/Cluster -- --database-only      (only the shared PostgreSQL; prints its connection string)
var options = LauncherOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(LauncherOptions.Usage);
    return 2;
}

using var loggerFactory = LoggerFactory.Create(l => l.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information));
var logger = loggerFactory.CreateLogger("OmniBiz.Cluster");
var dataDir = Path.GetFullPath(options.DataDir);
Directory.CreateDirectory(dataDir);

var stopping = new CancellationTokenSource();
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stopping.Cancel(); });
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stopping.Cancel(); });

OmniBizDatabase database;
try
{
    var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["OmniBiz:DataDir"] = Path.Combine(dataDir, "database"),
        ["OmniBiz:Postgres:BinDir"] = options.PostgresBinDir,
    }).Build();
    database = await OmniBizDatabase.OpenAsync(configuration, logger, stopping.Token);
}
catch (Exception e) when (e is not OperationCanceledException)
{
    Console.Error.WriteLine($"The shared PostgreSQL could not be started: {e.Message.Split('\n')[0]}");
    return 1;
}

Console.WriteLine($"database: {database.ConnectionString}");
if (options.DatabaseOnly)
{
    Console.WriteLine("The shared PostgreSQL is running; press Ctrl+C to stop it.");
    try
    {
        await Task.Delay(Timeout.Infinite, stopping.Token);
    }
    catch (OperationCanceledException)
    {
    }

    await database.DisposeAsync();
    return 0;
}

var signingKey = File.Exists(Path.Combine(dataDir, "jwt.key"))
    ? File.ReadAllText(Path.Combine(dataDir, "jwt.key")).Trim()
    : Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
File.WriteAllText(Path.Combine(dataDir, "jwt.key"), signingKey);

var shared = new Dictionary<string, string?>
{
    ["ConnectionStrings__OmniBiz"] = database.ConnectionString,
    ["OmniBiz__Cluster__Mode"] = "AdoNet",
    ["OmniBiz__Cluster__ClusterId"] = options.ClusterId,
    ["OmniBiz__Jwt__SigningKey"] = signingKey,
    // A cluster for trying: the demo products are there to put in a cart (--set OmniBiz:Seed:DemoCatalog=false to leave them out).
    ["OmniBiz__Seed__DemoCatalog"] = "true",
};
foreach (var extra in options.Settings)
{
    shared[extra.Key.Replace(":", "__", StringComparison.Ordinal)] = extra.Value;
}

var nodes = new List<ChildNode>();
var exitCode = 0;
try
{
    for (var i = 1; i <= options.Silos; i++)
    {
        nodes.Add(ChildNode.Start($"silo-{i}", "OmniBiz.Silo.dll", Path.Combine(dataDir, $"silo-{i}"), url: null, shared, new()
        {
            ["OmniBiz__Cluster__SiloPort"] = Ports.Free().ToString(CultureInfo.InvariantCulture),
            ["OmniBiz__Cluster__GatewayPort"] = Ports.Free().ToString(CultureInfo.InvariantCulture),
        }));
    }

    for (var i = 1; i <= options.Web; i++)
    {
        var port = options.WebPort is { } first ? first + i - 1 : Ports.Free();
        var url = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}");
        nodes.Add(ChildNode.Start($"web-{i}", "OmniBiz.WebHost.dll", Path.Combine(dataDir, $"web-{i}"), url, shared, new()
        {
            ["OmniBiz__Cluster__CoHostSilo"] = options.Silos > 0 ? "false" : "true",
            ["OmniBiz__Cluster__SiloPort"] = Ports.Free().ToString(CultureInfo.InvariantCulture),
            ["OmniBiz__Cluster__GatewayPort"] = Ports.Free().ToString(CultureInfo.InvariantCulture),
        }));
    }

    using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
    foreach (var web in nodes.Where(n => n.Url is not null))
    {
        await web.WaitHealthyAsync(http, TimeSpan.FromSeconds(120), stopping.Token);
        Console.WriteLine($"{web.Name}: {web.Url}");
    }

    Console.WriteLine($"cluster ready: {options.Silos} silo(s), {options.Web} web node(s); press Ctrl+C to stop");
    var exited = Task.WhenAny(nodes.Select(n => n.Exited));
    await Task.WhenAny(exited, Task.Delay(Timeout.Infinite, stopping.Token)).ContinueWith(_ => { }, TaskScheduler.Default);
    if (!stopping.IsCancellationRequested)
    {
        var gone = nodes.First(n => n.Exited.IsCompleted);
        Console.Error.WriteLine($"{gone.Name} exited with code {gone.ExitCode}; stopping the cluster");
        exitCode = 1;
    }
}
catch (OperationCanceledException)
{
}
catch (Exception e)
{
    Console.Error.WriteLine(e.Message);
    exitCode = 1;
}
finally
{
    Console.WriteLine("stopping the cluster");
    // Web nodes first, then silos, then the database they write to.
    foreach (var group in new[] { nodes.Where(n => n.Url is not null), nodes.Where(n => n.Url is null) })
    {
        await Task.WhenAll(group.Select(n => n.StopAsync(TimeSpan.FromSeconds(30))));
    }

    await database.DisposeAsync();
    Console.WriteLine("stopped");
}

return exitCode;

internal sealed record LauncherOptions(int Silos, int Web, string DataDir, int? WebPort, string ClusterId, string? PostgresBinDir, bool DatabaseOnly, Dictionary<string, string> Settings)
{
    public const string Usage =
        "usage: OmniBiz.Cluster [--silos N] [--web M] [--data-dir DIR] [--web-port FIRST] [--cluster-id ID] [--postgres-bin DIR] [--database-only] [--set Key=Value ...]";

    public static LauncherOptions? Parse(string[] args)
    {
        var silos = 2;
        var web = 2;
        var dataDir = Environment.GetEnvironmentVariable("OMNIBIZ_CLUSTER_DATA_DIR") is { Length: > 0 } d ? d : ".omnibiz-cluster";
        int? webPort = Environment.GetEnvironmentVariable("OMNIBIZ_CLUSTER_WEB_PORT") is { Length: > 0 } p ? int.Parse(p, CultureInfo.InvariantCulture) : null;
        var clusterId = "omnibiz";
        string? bin = null;
        var databaseOnly = false;
        var settings = new Dictionary<string, string>();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new FormatException();
            try
            {
                switch (args[i])
                {
                    case "--silos": silos = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--web": web = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--data-dir": dataDir = Next(); break;
                    case "--web-port": webPort = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--cluster-id": clusterId = Next(); break;
                    case "--postgres-bin": bin = Next(); break;
                    case "--database-only": databaseOnly = true; break;
                    case "--set":
                        var pair = Next().Split('=', 2);
                        if (pair.Length != 2)
                        {
                            return null;
                        }

                        settings[pair[0]] = pair[1];
                        break;
                    default: return null;
                }
            }
            catch (FormatException)
            {
                return null;
            }
        }

        return silos < 0 || web < 1 && !databaseOnly ? null : new LauncherOptions(silos, web, dataDir, webPort, clusterId, bin, databaseOnly, settings);
    }
}

internal static class Ports
{
    private static readonly HashSet<int> Taken = [];

    /// <summary>A loopback port nothing listens on, never handed out twice by this launcher.</summary>
    public static int Free()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            if (Taken.Add(port))
            {
                return port;
            }
        }
    }
}

internal sealed class ChildNode
{
    private readonly Process _process;
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildNode(string name, Process process, string? url)
    {
        Name = name;
        _process = process;
        Url = url;
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => _exited.TrySetResult();
        process.OutputDataReceived += (_, e) => Print(e.Data);
        process.ErrorDataReceived += (_, e) => Print(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (process.HasExited)
        {
            _exited.TrySetResult();
        }
    }

    public string Name { get; }

    public string? Url { get; }

    public Task Exited => _exited.Task;

    public int ExitCode => _process.ExitCode;

    public static ChildNode Start(string name, string assembly, string dataDir, string? url, Dictionary<string, string?> shared, Dictionary<string, string?> own)
    {
        Directory.CreateDirectory(dataDir);
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, assembly));
        if (url is not null)
        {
            start.ArgumentList.Add("--urls");
            start.ArgumentList.Add(url);
        }

        foreach (var (key, value) in shared.Concat(own))
        {
            start.Environment[key] = value;
        }

        start.Environment["OmniBiz__DataDir"] = dataDir;
        return new ChildNode(name, Process.Start(start) ?? throw new InvalidOperationException($"Could not start {assembly}."), url);
    }

    public async Task WaitHealthyAsync(HttpClient http, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Exited.IsCompleted)
            {
                throw new InvalidOperationException($"{Name} exited with code {ExitCode} before it was ready.");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(new Uri(Url!), "/health"), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(500, cancellationToken);
        }

        throw new TimeoutException($"{Name} was not healthy at {Url}/health within {timeout.TotalSeconds:0} s.");
    }

    /// <summary>Asks the node to stop (SIGTERM, a graceful Orleans shutdown), and kills it if it has not within the timeout.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (Exited.IsCompleted)
        {
            return;
        }

        using (var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", _process.Id.ToString(CultureInfo.InvariantCulture) }, UseShellExecute = false }))
        {
            kill?.WaitForExit();
        }

        if (await Task.WhenAny(Exited, Task.Delay(timeout)) != Exited)
        {
            _process.Kill(entireProcessTree: true);
            await Exited;
        }
    }

    private void Print(string? line)
    {
        if (line is not null)
        {
            Console.WriteLine($"[{Name}] {line}");
        }
    }
}
