using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using OmniBiz.Tests.Shared;
using Xunit.Abstractions;

namespace OmniBiz.WebHost.Tests.Hosting;

/// <summary>
/// A node that cannot start ends within 30 s with exit code 1 and one line naming what failed and the setting that
/// changes it, with no stack trace on the console. Each case runs the real node program in a process of its own.
/// </summary>
public sealed class StartupFailureTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_database_port_where_nothing_listens_is_named_with_its_setting()
    {
        var port = FreePort();
        var result = await RunAsync("OmniBiz.WebHost.dll", new()
        {
            ["ConnectionStrings:OmniBiz"] = $"Host=127.0.0.1;Port={port};Username=omnibiz;Password=x;Database=omnibiz",
        });
        result.AssertClearFailure($"127.0.0.1:{port}", "ConnectionStrings:OmniBiz");
    }

    [Fact]
    public async Task An_unreachable_database_host_is_named_with_its_setting_within_the_bound()
    {
        // 192.0.2.0/24 is reserved for documentation: nothing answers there.
        var result = await RunAsync("OmniBiz.Silo.dll", new()
        {
            ["ConnectionStrings:OmniBiz"] = "Host=192.0.2.1;Port=5432;Username=omnibiz;Password=x;Database=omnibiz;Timeout=30",
        });
        result.AssertClearFailure("192.0.2.1:5432", "ConnectionStrings:OmniBiz");
    }

    [Fact]
    public async Task A_wrong_database_password_is_named_with_its_setting()
    {
        var good = new NpgsqlConnectionStringBuilder(await TestPostgres.CreateDatabaseAsync("badpassword")) { Password = "not-the-password" };
        var result = await RunAsync("OmniBiz.WebHost.dll", new() { ["ConnectionStrings:OmniBiz"] = good.ConnectionString });
        result.AssertClearFailure($"{good.Host}:{good.Port}", "password", "ConnectionStrings:OmniBiz");
    }

    [Fact]
    public async Task A_silo_port_taken_by_another_process_is_refused_in_AdoNet_mode()
    {
        var database = await TestPostgres.CreateMigratedDatabaseAsync("takenport");
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var taken = ((IPEndPoint)squatter.LocalEndpoint).Port;
        var result = await RunAsync("OmniBiz.Silo.dll", new()
        {
            ["ConnectionStrings:OmniBiz"] = database,
            ["OmniBiz:Cluster:Mode"] = "AdoNet",
            ["OmniBiz:Cluster:ClusterId"] = $"test-{Guid.NewGuid():N}",
            ["OmniBiz:Cluster:SiloPort"] = taken.ToString(CultureInfo.InvariantCulture),
            ["OmniBiz:Cluster:GatewayPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
        });
        result.AssertClearFailure($"Port {taken}", "OmniBiz:Cluster:SiloPort");
    }

    [Fact]
    public async Task An_http_port_taken_by_another_process_is_named_with_its_setting()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var taken = ((IPEndPoint)squatter.LocalEndpoint).Port;
        var result = await RunAsync("OmniBiz.WebHost.dll", new()
        {
            ["OmniBiz:DataDir"] = Path.Combine(Path.GetTempPath(), $"omnibiz-takenhttp-{Guid.NewGuid():N}"),
        }, urls: $"http://127.0.0.1:{taken}");
        result.AssertClearFailure($"Port {taken}", "urls");
    }

    [Fact]
    public async Task A_missing_postgres_binary_folder_is_named_with_its_setting()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-postgres-{Guid.NewGuid():N}");
        var result = await RunAsync("OmniBiz.WebHost.dll", new()
        {
            ["OmniBiz:DataDir"] = Path.Combine(Path.GetTempPath(), $"omnibiz-nobin-{Guid.NewGuid():N}"),
            ["OmniBiz:Postgres:BinDir"] = missing,
        });
        result.AssertClearFailure(missing, "OmniBiz:Postgres:BinDir");
    }

    private async Task<Result> RunAsync(string assembly, Dictionary<string, string?> settings, string? urls = null)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, assembly));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(urls ?? $"http://127.0.0.1:{FreePort()}");
        start.Environment["OmniBiz__Jwt__SigningKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Bound + TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        var result = new Result(process.ExitCode, clock.Elapsed, await stdout + await stderr);
        output.WriteLine($"exit {result.ExitCode} after {result.Elapsed.TotalSeconds:0.0} s:\n{result.Console}");
        return result;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed record Result(int ExitCode, TimeSpan Elapsed, string Console)
    {
        public void AssertClearFailure(params string[] named)
        {
            Assert.True(Elapsed < Bound, $"ended after {Elapsed.TotalSeconds:0.0} s");
            Assert.Equal(1, ExitCode);
            var failures = Console.Split('\n').Where(l => l.Contains("could not start", StringComparison.Ordinal)).ToList();
            var line = Assert.Single(failures);
            foreach (var part in named)
            {
                Assert.Contains(part, line, StringComparison.Ordinal);
            }

            Assert.DoesNotContain("   at ", Console, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", Console, StringComparison.Ordinal);
        }
    }
}
