using OmniBiz.LoadTest.Reporting;

namespace OmniBiz.LoadTest.Tests.Reporting;

/// <summary>Pure logic: the JSON a run writes reads back, and comparisons divide the right figures.</summary>
public sealed class RunReportTests
{
    [Fact]
    public void A_report_written_as_json_reads_back_and_compares_as_ratios()
    {
        var ours = Report(("delivery", 500, 40), ("ping", 8_000, 10));
        var theirs = RunReport.FromJson(Report(("delivery", 1_000, 10), ("send_hub", 900, 5)).ToJson());

        var comparison = ours.ToComparison(theirs);

        Assert.Equal("chat", theirs.Scenario);
        Assert.Contains("| delivery | 500.0 | 1000.0 | 0.50 | 40.00 | 10.00 | 4.00 |", comparison, StringComparison.Ordinal);
        Assert.DoesNotContain("ping", comparison, StringComparison.Ordinal);
        Assert.DoesNotContain("send_hub", comparison, StringComparison.Ordinal);
    }

    [Fact]
    public void The_comparison_prints_cpu_per_thousand_of_the_main_operation_with_the_database_counted()
    {
        // Ours: 10,000 deliveries; node 0.6 s + PostgreSQL 0.3 s of CPU in the window → 60 + 30 ms per 1,000.
        var ours = Report(("delivery", 1_000, 40), ("send_hub", 100, 5)) with
        {
            ServerBefore = new ServerSample(0, 0, 10.0, 0, 100, DatabaseCpuSeconds: 5.0),
            ServerAfter = new ServerSample(0, 0, 10.6, 0, 110, DatabaseCpuSeconds: 5.3),
        };
        // The baseline stores nothing and reports no database: 0.3 s per 10,000 → 30 ms per 1,000.
        var theirs = Report(("delivery", 1_000, 10), ("send_hub", 100, 5)) with
        {
            ServerBefore = new ServerSample(0, 0, 1.0, 0, 100),
            ServerAfter = new ServerSample(0, 0, 1.3, 0, 110),
        };

        var comparison = ours.ToComparison(RunReport.FromJson(theirs.ToJson()));

        Assert.Contains("CPU per 1,000 delivery: 90.0 ms (node 60.0 + database 30.0) against 30.0 ms (node 30.0 + database 0.0): ratio 3.00", comparison, StringComparison.Ordinal);
        Assert.Contains("CPU 6% + its PostgreSQL 3% of one core", ours.ToTable(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_violation_fails_the_report()
    {
        var metrics = new Metrics();
        metrics.Violation("3 deliveries lost");

        var report = RunReport.From("chat", "x", new Dictionary<string, string>(), metrics, 1, null, null);

        Assert.False(report.Passed);
        Assert.Contains("INVARIANTS BROKEN", report.ToTable(), StringComparison.Ordinal);
    }

    private static RunReport Report(params (string Name, double PerSecond, double P99)[] operations) =>
        new("chat", "http://node", new Dictionary<string, string>(), 10,
            [.. operations.Select(o => new OperationFigures(o.Name, (long)(o.PerSecond * 10), o.PerSecond, 1, 2, o.P99, o.P99 + 1))],
            new Dictionary<string, long>(), new Dictionary<string, long>(), [], null, null);
}
