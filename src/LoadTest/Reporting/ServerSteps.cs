using System.Globalization;

namespace OmniBiz.LoadTest.Reporting;

/// <summary>
/// The server's own step timings (histograms named <c>omnibiz_…_step_duration_milliseconds</c>, tag <c>step</c>) read
/// from its Prometheus scrape before and after the measured window: how often each step ran in the window and its
/// mean time, so a run shows where a checkout's time went on the server.
/// </summary>
public static class ServerSteps
{
    private const string Suffix = "_step_duration_milliseconds";

    /// <summary>Sum (ms) and count of every step series in a scrape, keyed by metric and step, e.g. <c>checkout/reserve</c>.</summary>
    public static Dictionary<string, (double Sum, long Count)> Parse(string scrape)
    {
        var series = new Dictionary<string, (double Sum, long Count)>(StringComparer.Ordinal);
        foreach (var line in scrape.Split('\n'))
        {
            var at = line.IndexOf(Suffix, StringComparison.Ordinal);
            if (!line.StartsWith("omnibiz_", StringComparison.Ordinal) || at < 0)
            {
                continue;
            }

            var rest = line[(at + Suffix.Length)..];
            var isSum = rest.StartsWith("_sum{", StringComparison.Ordinal);
            if (!isSum && !rest.StartsWith("_count{", StringComparison.Ordinal))
            {
                continue;
            }

            var stepAt = rest.IndexOf("step=\"", StringComparison.Ordinal);
            var close = rest.IndexOf('}', StringComparison.Ordinal);
            if (stepAt < 0 || close < 0 || !double.TryParse(rest[(close + 1)..].Trim().Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                continue;
            }

            var step = rest[(stepAt + 6)..rest.IndexOf('"', stepAt + 6)];
            var key = $"{line["omnibiz_".Length..at]}/{step}";
            var (sum, count) = series.GetValueOrDefault(key);
            series[key] = isSum ? (value, count) : (sum, (long)value);
        }

        return series;
    }

    /// <summary>Each step's count and mean over the window between two scrapes (steps that did not run in it are left out).</summary>
    public static List<StepFigures> Between(string before, string after)
    {
        var first = Parse(before);
        return [.. Parse(after)
            .Select(s => (s.Key, Now: s.Value, Then: first.GetValueOrDefault(s.Key)))
            .Where(s => s.Now.Count > s.Then.Count)
            .Select(s => new StepFigures(s.Key, s.Now.Count - s.Then.Count, (s.Now.Sum - s.Then.Sum) / (s.Now.Count - s.Then.Count)))];
    }
}

/// <summary>One server step over the measured window: how often it ran and its mean time.</summary>
public sealed record StepFigures(string Step, long Count, double MeanMs);
