using System.Diagnostics;

namespace OmniBiz.LoadTest.Tests;

/// <summary>The harness as an operator runs it: bad options are refused up front, each with its reason.</summary>
public sealed class CommandLineTests
{
    [Theory]
    [InlineData(new[] { "chat", "--members", "1" }, "--members must be at least 2.")]
    [InlineData(new[] { "chat", "--messages-per-second", "0" }, "--messages-per-second must be above 0.")]
    [InlineData(new[] { "chat", "--rate", "0" }, "--messages-per-second must be above 0.")]
    [InlineData(new[] { "chat", "--preset", "huge" }, "huge")]
    [InlineData(new[] { "fleet", "--batch", "501" }, "--batch must be between 1 and 500")]
    [InlineData(new[] { "fleet", "--rate", "-1" }, "--rate must be at least 0.")]
    [InlineData(new[] { "fleet", "--vehicles", "0" }, "--devices must be at least 1.")]
    [InlineData(new[] { "checkout", "--hot-products", "-1" }, "--hot-products must be at least 0.")]
    [InlineData(new[] { "checkout", "--url", "localhost:5000" }, "--url localhost:5000 is not an http(s) address")]
    [InlineData(new[] { "connections", "--compare", "/no/such/report.json" }, "--compare /no/such/report.json: no such file")]
    [InlineData(new[] { "mixed", "--idle", "0" }, "--idle must be at least 1.")]
    [InlineData(new[] { "baseline", "chat", "--duration", "0" }, "--duration must be at least 1.")]
    public async Task A_bad_option_is_refused_with_its_reason_before_any_load(string[] args, string reason)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "OmniBiz.LoadTest.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        _ = await process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(1, process.ExitCode);
        Assert.Contains(reason, await errors, StringComparison.Ordinal);
    }
}
