using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace OmniBiz.WebHost.Tests.Common;

/// <summary>A web node in a process of its own (<c>dotnet OmniBiz.WebHost.dll</c>), so a test can kill it.</summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private NodeProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri Address { get; }

    public ApiClient Client() => new(Address);

    /// <summary>The last lines the node printed, for a failure message.</summary>
    public string RecentOutput => string.Join('\n', _output);

    /// <summary>Starts a web node and waits until its <c>/health</c> answers 200.</summary>
    public static Task<NodeProcess> StartAsync(IDictionary<string, string?> settings) => StartAsync("OmniBiz.WebHost.dll", settings, waitForHealth: true);

    /// <summary>Starts a standalone silo (<c>OmniBiz.Silo.dll</c>); the caller decides when it is ready.</summary>
    public static Task<NodeProcess> StartSiloAsync(IDictionary<string, string?> settings) => StartAsync("OmniBiz.Silo.dll", settings, waitForHealth: false);

    private static async Task<NodeProcess> StartAsync(string assembly, IDictionary<string, string?> settings, bool waitForHealth)
    {
        var port = TestNode.FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, assembly));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"));
        foreach (var (key, value) in settings.Where(s => s.Key != "urls" && s.Value is not null))
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var node = new NodeProcess(Process.Start(start)!, new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}")));
        if (!waitForHealth)
        {
            return node;
        }

        using var http = new HttpClient { BaseAddress = node.Address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (node._process.HasExited)
            {
                throw new InvalidOperationException($"The node exited with code {node._process.ExitCode}:\n{node.RecentOutput}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/health", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return node;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        await node.DisposeAsync();
        throw new TimeoutException($"The node did not become ready:\n{node.RecentOutput}");
    }

    /// <summary>Ends the process at once, as a crash or a power cut would.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 200 && _output.TryDequeue(out _))
        {
        }
    }

    /// <summary>Asks the node to shut down (SIGTERM, as Ctrl+C or a service manager would) and waits for it.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
    }
}
