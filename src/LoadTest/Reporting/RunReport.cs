using System.Globalization;
using System.Text;
using System.Text.Json;

namespace OmniBiz.LoadTest.Reporting;

/// <summary>The end-of-run table, and the same figures as JSON for comparing runs.</summary>
public sealed record RunReport(
    string Scenario,
    string Target,
    IReadOnlyDictionary<string, string> Parameters,
    double MeasuredSeconds,
    IReadOnlyList<OperationFigures> Operations,
    IReadOnlyDictionary<string, long> Errors,
    IReadOnlyDictionary<string, long> Counters,
    IReadOnlyList<string> Violations,
    ServerSample? ServerBefore,
    ServerSample? ServerAfter,
    IReadOnlyList<StepFigures>? ServerSteps = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static RunReport From(string scenario, string target, IReadOnlyDictionary<string, string> parameters, Metrics metrics, double seconds, ServerSample? before, ServerSample? after, IReadOnlyList<StepFigures>? steps = null) =>
        new(scenario, target, parameters, seconds,
            [.. metrics.Operations.Select(o => new OperationFigures(
                o.Name, o.Count, seconds > 0 ? o.Count / seconds : 0,
                Ms(o.Histogram.GetValueAtPercentile(50)), Ms(o.Histogram.GetValueAtPercentile(95)),
                Ms(o.Histogram.GetValueAtPercentile(99)), Ms(o.Histogram.GetValueAtPercentile(100))))],
            metrics.Errors.ToDictionary(), metrics.Counters.ToDictionary(), [.. metrics.Violations], before, after, steps);

    public bool Passed => Violations.Count == 0;

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static RunReport FromJson(string json) =>
        JsonSerializer.Deserialize<RunReport>(json, Json) ?? throw new InvalidDataException("The file holds no run report.");

    /// <summary>This run's figures as ratios to another run's (a baseline, or an earlier build): throughput and p99 per operation both ran.</summary>
    public string ToComparison(RunReport other)
    {
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.AppendLine(inv, $"compared with {other.Scenario} against {other.Target}");
        text.AppendLine("| operation | per second | theirs | ratio | p99 ms | theirs | ratio |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var mine in Operations)
        {
            if (other.Operations.FirstOrDefault(o => o.Name == mine.Name) is { } theirs)
            {
                text.AppendLine(inv,
                    $"| {mine.Name} | {mine.PerSecond:0.0} | {theirs.PerSecond:0.0} | {Ratio(mine.PerSecond, theirs.PerSecond)} | {mine.P99Ms:0.00} | {theirs.P99Ms:0.00} | {Ratio(mine.P99Ms, theirs.P99Ms)} |");
            }
        }

        // CPU per unit of work, where both runs measured it: the operation both have the most of (deliveries in chat).
        var unit = Operations.Where(o => other.Operations.Any(t => t.Name == o.Name)).OrderByDescending(o => o.Count).FirstOrDefault();
        if (unit is not null && CpuPerThousand(unit.Name) is { } mine2 && other.CpuPerThousand(unit.Name) is { } theirs2)
        {
            text.AppendLine(inv,
                $"CPU per 1,000 {unit.Name}: {mine2.Total:0.0} ms (node {mine2.Node:0.0} + database {mine2.Database:0.0}) against {theirs2.Total:0.0} ms " +
                $"(node {theirs2.Node:0.0} + database {theirs2.Database:0.0}): ratio {Ratio(mine2.Total, theirs2.Total)}");
        }

        return text.ToString();
    }

    /// <summary>
    /// The CPU the server used (its node, and its PostgreSQL when it reports one) over the measured window, in
    /// milliseconds per 1,000 of an operation; null when the server reported no samples or the operation never ran.
    /// </summary>
    public (double Node, double Database, double Total)? CpuPerThousand(string operation)
    {
        if (ServerBefore is not { } before || ServerAfter is not { } after || Operations.FirstOrDefault(o => o.Name == operation) is not { Count: > 0 } op)
        {
            return null;
        }

        var node = (after.CpuSeconds - before.CpuSeconds) * 1_000_000 / op.Count;
        var database = after.DatabaseCpuSeconds is { } a && before.DatabaseCpuSeconds is { } b ? (a - b) * 1_000_000 / op.Count : 0;
        return (node, database, node + database);
    }

    private static string Ratio(double mine, double theirs) => theirs > 0 ? (mine / theirs).ToString("0.00", CultureInfo.InvariantCulture) : "-";

    public string ToTable()
    {
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.AppendLine(inv, $"scenario {Scenario} against {Target}, measured {MeasuredSeconds:0.0} s");
        text.AppendLine(string.Join(", ", Parameters.Select(p => $"{p.Key}={p.Value}")));
        text.AppendLine();
        text.AppendLine("| operation | count | per second | p50 ms | p95 ms | p99 ms | max ms |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var o in Operations)
        {
            text.AppendLine(inv, $"| {o.Name} | {o.Count} | {o.PerSecond:0.0} | {o.P50Ms:0.00} | {o.P95Ms:0.00} | {o.P99Ms:0.00} | {o.MaxMs:0.00} |");
        }

        text.AppendLine();
        text.AppendLine(Errors.Count == 0 ? "errors: none" : "errors: " + string.Join(", ", Errors.Select(e => $"{e.Key} {e.Value}")));
        if (Counters.Count > 0)
        {
            text.AppendLine("counters: " + string.Join(", ", Counters.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} {c.Value}")));
        }

        if (ServerBefore is { } before && ServerAfter is { } after)
        {
            var cpu = MeasuredSeconds > 0 ? (after.CpuSeconds - before.CpuSeconds) / (after.UptimeSeconds - before.UptimeSeconds) : 0;
            var window = after.UptimeSeconds - before.UptimeSeconds;
            var database = after.DatabaseCpuSeconds is { } a && before.DatabaseCpuSeconds is { } b && window > 0
                ? string.Create(inv, $" + its PostgreSQL {(a - b) / window * 100:0}%")
                : "";
            text.AppendLine(inv,
                $"server: working set {after.WorkingSetBytes / 1048576.0:0} MiB (was {before.WorkingSetBytes / 1048576.0:0}), GC heap {after.GcHeapBytes / 1048576.0:0} MiB, " +
                $"CPU {cpu * 100:0}%{database} of one core over the run, {after.Connections} hub connections");
        }

        if (ServerSteps is { Count: > 0 } steps)
        {
            text.AppendLine("server steps (mean ms): " + string.Join(", ", steps.Select(s => string.Create(inv, $"{s.Step} {s.MeanMs:0.00} ({s.Count})"))));
        }

        text.AppendLine(Passed ? "invariants: all held" : "INVARIANTS BROKEN:\n  " + string.Join("\n  ", Violations));
        return text.ToString();
    }

    private static double Ms(long microseconds) => microseconds / 1000.0;
}

public sealed record OperationFigures(string Name, long Count, double PerSecond, double P50Ms, double P95Ms, double P99Ms, double MaxMs);
