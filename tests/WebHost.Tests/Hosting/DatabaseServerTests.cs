using System.Diagnostics;
using OmniBiz.Silo.Database;

namespace OmniBiz.WebHost.Tests.Hosting;

/// <summary>The embedded PostgreSQL's settings and how its CPU is counted (the harness adds it to the node's).</summary>
public sealed class DatabaseServerTests
{
    [Fact]
    public void The_defaults_size_shared_buffers_to_the_machine_and_keep_durability()
    {
        Assert.Equal("128MB", ServerSettings.Defaults(1L << 30)["shared_buffers"]);       // 1 GiB machine: PostgreSQL's own default
        Assert.Equal("512MB", ServerSettings.Defaults(8L << 30)["shared_buffers"]);       // a sixteenth of 8 GiB
        Assert.Equal("1024MB", ServerSettings.Defaults(64L << 30)["shared_buffers"]);     // never more than 1 GiB
        var line = ServerSettings.CommandLine(new Dictionary<string, string>());
        Assert.DoesNotContain("fsync", line, StringComparison.Ordinal);
        Assert.DoesNotContain("synchronous_commit", line, StringComparison.Ordinal);
        Assert.Contains("-c max_wal_size='2GB'", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Configured_settings_override_the_defaults_and_unusable_ones_are_refused()
    {
        var line = ServerSettings.CommandLine(new Dictionary<string, string> { ["max_wal_size"] = "4GB", ["work_mem"] = "8MB" });
        Assert.Contains("-c max_wal_size='4GB'", line, StringComparison.Ordinal);
        Assert.DoesNotContain("'2GB'", line, StringComparison.Ordinal);
        Assert.Contains("-c work_mem='8MB'", line, StringComparison.Ordinal);

        var quoted = Assert.Throws<InvalidOperationException>(() => ServerSettings.CommandLine(new Dictionary<string, string> { ["work_mem"] = "8MB' -c fsync='off" }));
        Assert.Contains("OmniBiz:Postgres:Settings:work_mem", quoted.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => ServerSettings.CommandLine(new Dictionary<string, string> { ["bad name"] = "1" }));
    }

    [Fact]
    public async Task A_process_trees_cpu_counts_children_that_already_exited()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        // The parent only waits; its child burns CPU and exits (reaped by the parent), as PostgreSQL's backends do.
        var done = Path.Combine(Path.GetTempPath(), $"omnibiz-cpu-{Guid.NewGuid():N}");
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"sh -c 'i=0; while [ $i -lt 1500000 ]; do i=$((i+1)); done'; touch '{done}'; sleep 30");
        using var parent = Process.Start(start)!;
        try
        {
            var deadline = Stopwatch.StartNew();
            while (!File.Exists(done) && deadline.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(100);
            }

            Assert.True(File.Exists(done), "the busy child did not finish");
            var seconds = ProcessCpu.TreeSeconds(parent.Id);
            Assert.NotNull(seconds);
            Assert.True(seconds > 0.1, $"the tree used {seconds} CPU seconds");
            Assert.Null(ProcessCpu.TreeSeconds(int.MaxValue));
        }
        finally
        {
            parent.Kill(entireProcessTree: true);
            File.Delete(done);
        }
    }
}
