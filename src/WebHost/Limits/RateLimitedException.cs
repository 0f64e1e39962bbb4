namespace OmniBiz.WebHost.Limits;

/// <summary>A limit was reached: answered as 429 problem details with <c>Retry-After</c>.</summary>
public sealed class RateLimitedException(TimeSpan retryAfter, string message) : Exception(message)
{
    public TimeSpan RetryAfter { get; } = retryAfter;

    /// <summary>Whole seconds, at least one, as <c>Retry-After</c> and hub errors give them.</summary>
    public static int Seconds(TimeSpan retryAfter) => Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
}
