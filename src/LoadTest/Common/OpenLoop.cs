using System.Diagnostics;

namespace OmniBiz.LoadTest.Common;

/// <summary>
/// Starts operations at a fixed rate without waiting for earlier ones (an open loop, so a slow server shows as latency
/// instead of a lower send rate), until stopped; then waits for those still under way, so they are counted.
/// </summary>
public static class OpenLoop
{
    public static async Task RunAsync(double perSecond, CancellationToken stop, Func<Task> startOne)
    {
        var interval = TimeSpan.FromSeconds(1 / perSecond);
        var next = Stopwatch.GetTimestamp();
        var inFlight = new List<Task>();
        while (!stop.IsCancellationRequested)
        {
            inFlight.Add(startOne());
            if (inFlight.Count > 1000)
            {
                inFlight.RemoveAll(t => t.IsCompleted);
            }

            next += (long)(interval.TotalSeconds * Stopwatch.Frequency);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                try
                {
                    await Task.Delay(wait, stop);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        await Task.WhenAll(inFlight);
    }
}
