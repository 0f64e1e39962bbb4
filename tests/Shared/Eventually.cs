namespace OmniBiz.Tests.Shared;

/// <summary>Waits for a condition that another process or node makes true, with a deadline instead of a sleep.</summary>
public static class Eventually
{
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what)
    {
        using var deadline = new CancellationTokenSource(timeout);
        T last = default!;
        while (!deadline.IsCancellationRequested)
        {
            last = await probe();
            if (done(last))
            {
                return last;
            }

            try
            {
                await Task.Delay(100, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0}s waiting for {what}; last seen: {last}");
    }
}
