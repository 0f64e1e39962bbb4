using System.Diagnostics;
using System.Globalization;
using OmniBiz.LoadTest.Reporting;
using OmniBiz.LoadTest.Scenarios;

namespace OmniBiz.LoadTest.Common;

/// <summary>Runs one scenario: setup, warm-up (not recorded), measurement, verification, report. Exit code 0 only when every invariant held.</summary>
public static class Runner
{
    public const int ExitInvariantBroken = 2;

    public static async Task<(int ExitCode, RunReport Report)> RunAsync(IScenario scenario, HarnessOptions options, TextWriter output, CancellationToken cancellationToken = default)
    {
        using var context = new HarnessContext(options);
        context.Metrics.Recording = false; // setup is not measured
        await context.Admin.LoginAsync(options.AdminEmail, options.AdminPassword);
        Log(options, output, $"setting up {scenario.Name} against {string.Join(", ", options.Targets)}");
        await scenario.SetupAsync(context);

        context.Metrics.Recording = options.Warmup <= TimeSpan.Zero;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var load = scenario.RunAsync(context, stop.Token);
        if (options.Warmup > TimeSpan.Zero)
        {
            Log(options, output, $"warming up for {options.Warmup.TotalSeconds:0} s");
            await Task.Delay(options.Warmup, cancellationToken);
            context.Metrics.Recording = true;
        }

        var before = await context.Admin.ServerSampleAsync();
        var scrapeBefore = await context.Admin.ScrapeAsync();
        var measured = Stopwatch.StartNew();
        using (var progress = new PeriodicTimer(TimeSpan.FromSeconds(1)))
        {
            var lastOps = 0L;
            while (measured.Elapsed < options.Duration && !cancellationToken.IsCancellationRequested && !load.IsCompleted)
            {
                // A scenario that ends by itself (stock sold out) ends the window at once, not at the next whole second.
                if (await Task.WhenAny(progress.WaitForNextTickAsync(cancellationToken).AsTask(), load) == load)
                {
                    break;
                }

                var ops = context.Metrics.TotalOperations;
                Log(options, output, string.Create(CultureInfo.InvariantCulture,
                    $"[{measured.Elapsed.TotalSeconds,5:0}s] {ops - lastOps,8} ops/s, {ops} ops, {context.Metrics.TotalErrors} errors"));
                lastOps = ops;
            }
        }

        // Operations under way when the time is up still count (a reconnect storm runs to its end), then recording stops.
        var seconds = measured.Elapsed.TotalSeconds;
        await stop.CancelAsync();
        await load;
        context.Metrics.Recording = false;
        var after = await context.Admin.ServerSampleAsync();
        var scrapeAfter = await context.Admin.ScrapeAsync();
        Log(options, output, "verifying");
        await scenario.VerifyAsync(context);

        var report = RunReport.From(scenario.Name, string.Join(", ", options.Targets), scenario.Parameters, context.Metrics, seconds, before, after,
            scrapeBefore is not null && scrapeAfter is not null ? ServerSteps.Between(scrapeBefore, scrapeAfter) : null);
        await output.WriteLineAsync(report.ToTable());
        if (options.JsonFile is { } file)
        {
            await File.WriteAllTextAsync(file, report.ToJson(), cancellationToken);
        }

        if (options.CompareFile is { } compare)
        {
            await output.WriteLineAsync(report.ToComparison(RunReport.FromJson(await File.ReadAllTextAsync(compare, cancellationToken))));
        }

        return (report.Passed ? 0 : ExitInvariantBroken, report);
    }

    private static void Log(HarnessOptions options, TextWriter output, string line)
    {
        if (!options.Quiet)
        {
            output.WriteLine(line);
        }
    }
}
