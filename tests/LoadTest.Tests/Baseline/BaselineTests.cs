using OmniBiz.LoadTest.Baseline;
using OmniBiz.LoadTest.Common;
using OmniBiz.LoadTest.Scenarios;
using OmniBiz.LoadTest.Tests.Common;

namespace OmniBiz.LoadTest.Tests.Baseline;

/// <summary>The bare baseline server in its own process, driven by the same scenarios; and the harness catching a planted fault.</summary>
public sealed class BaselineTests
{
    [Fact]
    public async Task Chat_against_the_baseline_holds_every_invariant()
    {
        await using var server = await BaselineProcess.StartAsync(plantLostDelivery: false);
        using var output = new StringWriter();

        var (exitCode, report) = await Runner.RunAsync(new ChatScenario(3, 3, 30), SmokeOptions.For(server.Address, 2), output);

        Assert.True(exitCode == 0, output.ToString());
        Assert.True(report.Counters["deliveries"] > 0, output.ToString());
    }

    [Fact]
    public async Task Fleet_against_the_baseline_reaches_map_viewers()
    {
        await using var server = await BaselineProcess.StartAsync(plantLostDelivery: false);
        using var output = new StringWriter();

        var (exitCode, report) = await Runner.RunAsync(new FleetScenario(4, 5, 1, 1), SmokeOptions.For(server.Address, 2), output);

        Assert.True(exitCode == 0, output.ToString());
        Assert.True(report.Counters["map_positions"] > 0, output.ToString());
    }

    [Fact]
    public async Task A_dropped_delivery_is_reported_as_lost_and_fails_the_run()
    {
        await using var server = await BaselineProcess.StartAsync(plantLostDelivery: true);
        using var output = new StringWriter();

        var (exitCode, report) = await Runner.RunAsync(new ChatScenario(2, 3, 20), SmokeOptions.For(server.Address, 2), output);

        Assert.Equal(Runner.ExitInvariantBroken, exitCode);
        Assert.Equal(1, report.Counters["lost"]);
        Assert.Equal(0, report.Counters["duplicated"]);
        Assert.Contains(report.Violations, v => v.Contains("1 deliveries lost", StringComparison.Ordinal));
        Assert.Contains("INVARIANTS BROKEN", output.ToString(), StringComparison.Ordinal);
    }
}
