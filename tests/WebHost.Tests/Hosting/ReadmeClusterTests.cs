using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using OmniBiz.Silo.Database;
using OmniBiz.WebHost.Tests.Common;
using Xunit.Abstractions;

namespace OmniBiz.WebHost.Tests.Hosting;

/// <summary>
/// The README's cluster commands, run as written (only the data folder is chosen, through the documented
/// <c>OMNIBIZ_CLUSTER_DATA_DIR</c>), from the repository root: a change made on one web node reaches a hub connection on the other.
/// </summary>
public sealed partial class ReadmeClusterTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_readme_cluster_block_starts_a_cluster_whose_web_nodes_share_changes()
    {
        var root = RepositoryRoot();
        var block = ClusterBlock(File.ReadAllText(Path.Combine(root, "README.md")));
        var dataDir = Path.Combine(Path.GetTempPath(), $"omnibiz-readme-cluster-{Guid.NewGuid():N}");
        var lines = new ConcurrentQueue<string>();
        var start = new ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(block);
        start.Environment["OMNIBIZ_CLUSTER_DATA_DIR"] = dataDir;
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lines.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lines.Enqueue(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var urls = new List<Uri>();
            var waited = Stopwatch.StartNew();
            while (!lines.Any(l => l.StartsWith("cluster ready", StringComparison.Ordinal)))
            {
                if (process.HasExited)
                {
                    Assert.Fail($"The README's cluster commands ended with {process.ExitCode}:\n{string.Join('\n', lines.TakeLast(40))}");
                }

                Assert.True(waited.Elapsed < TimeSpan.FromMinutes(6), $"No cluster within 6 minutes:\n{string.Join('\n', lines.TakeLast(40))}");
                await Task.Delay(500);
            }

            urls.AddRange(lines.Select(l => WebLine().Match(l)).Where(m => m.Success).Select(m => new Uri(m.Groups[1].Value)));
            output.WriteLine($"web nodes: {string.Join(", ", urls)} after {waited.Elapsed.TotalSeconds:0} s");
            Assert.True(urls.Count >= 2, "the README's cluster has at least two web nodes");

            using var onFirst = await new ApiClient(urls[0]).RegisterAsync();
            using var onSecond = new ApiClient(urls[1]).As(onFirst.Token!, onFirst.UserId!);
            await using var tab = await onSecond.ConnectAsync();
            using var seen = new EventRecorder(tab, "cart_updated");
            Assert.Equal(HttpStatusCode.OK, (await onFirst.PostAsync("/api/cart/items", new { productId = "demo-oat-milk", quantity = 2 })).Status);
            var (cart, _) = await seen.NextAsync();
            Assert.Equal(2, cart.GetProperty("count").GetInt32());
        }
        finally
        {
            // SIGTERM, as Ctrl+C in a terminal would, to everything the commands started: the launcher stops its nodes and the database.
            foreach (var pid in Descendants(process.Id))
            {
                using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", pid.ToString(CultureInfo.InvariantCulture) }, UseShellExecute = false, RedirectStandardError = true });
                await kill!.WaitForExitAsync();
            }

            if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
            {
                process.Kill(entireProcessTree: true);
            }

            await EmbeddedPostgres.StopIfRunningAsync(Path.Combine(dataDir, "database"), null, NullLogger.Instance);
            output.WriteLine(string.Join('\n', lines.Where(l => !l.StartsWith('['))));
        }
    }

    private static List<int> Descendants(int parent)
    {
        var found = new List<int>();
        foreach (var stat in Directory.EnumerateDirectories("/proc").Select(d => Path.Combine(d, "stat")))
        {
            try
            {
                // pid (comm) state ppid ...: the fields after the last ')' start with the state.
                var text = File.ReadAllText(stat);
                var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1], CultureInfo.InvariantCulture) == parent)
                {
                    var pid = int.Parse(Path.GetFileName(Path.GetDirectoryName(stat))!, CultureInfo.InvariantCulture);
                    found.Add(pid);
                    found.AddRange(Descendants(pid));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
            }
        }

        return found;
    }

    /// <summary>The code block between the README's <c>cluster-commands</c> comment fences.</summary>
    internal static string ClusterBlock(string readme)
    {
        var match = FencedBlock().Match(readme);
        Assert.True(match.Success, "README.md has a ``` block between <!-- cluster-commands --> and <!-- /cluster-commands -->");
        return match.Groups[1].Value.Trim();
    }

    internal static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "OmniBiz.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("The repository root (OmniBiz.sln) was not found above the test folder.");
    }

    [GeneratedRegex(@"<!-- cluster-commands -->\s*```[a-z]*\n(.*?)```\s*<!-- /cluster-commands -->", RegexOptions.Singleline)]
    private static partial Regex FencedBlock();

    [GeneratedRegex(@"^web-\d+: (http://\S+)$")]
    private static partial Regex WebLine();
}
