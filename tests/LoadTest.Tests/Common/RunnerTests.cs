using System.Diagnostics;
using OmniBiz.LoadTest.Baseline;
using OmniBiz.LoadTest.Common;
using OmniBiz.LoadTest.Scenarios;

namespace OmniBiz.LoadTest.Tests.Common;

/// <summary>The runner's phases, with a scenario that only records when its phases happen (against the bare baseline server).</summary>
public sealed class RunnerTests
{
    [Fact]
    public async Task A_phased_scenario_starts_after_the_warm_up_and_work_finishing_after_the_time_is_up_still_counts()
    {
        await using var server = await BaselineProcess.StartAsync(plantLostDelivery: false);
        var scenario = new PhasedScenario();
        using var output = new StringWriter();

        var (exitCode, report) = await Runner.RunAsync(scenario, SmokeOptions.For(server.Address, seconds: 1), output);

        Assert.Equal(0, exitCode);
        Assert.True(scenario.StartedAfter >= TimeSpan.FromSeconds(0.9), $"started after {scenario.StartedAfter}");
        Assert.Contains(report.Operations, o => o.Name == "finished_late" && o.Count == 1);
    }

    private sealed class PhasedScenario : IScenario
    {
        private readonly Stopwatch _clock = new();

        public TimeSpan StartedAfter { get; private set; }

        public string Name => "phased";

        public IReadOnlyDictionary<string, string> Parameters => new Dictionary<string, string>();

        public Task SetupAsync(HarnessContext context)
        {
            _clock.Start();
            return Task.CompletedTask;
        }

        public async Task RunAsync(HarnessContext context, CancellationToken stop)
        {
            await context.Metrics.Measuring;
            StartedAfter = _clock.Elapsed;
            await Task.Delay(Timeout.Infinite, stop).ContinueWith(_ => { }, TaskScheduler.Default);

            // Work already under way when the time is up, finishing a moment later.
            await Task.Delay(200);
            context.Metrics.Record("finished_late", TimeSpan.FromMilliseconds(200));
        }

        public Task VerifyAsync(HarnessContext context) => Task.CompletedTask;
    }
}
