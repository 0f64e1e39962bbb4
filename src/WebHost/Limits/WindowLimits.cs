using System.Threading.RateLimiting;

namespace OmniBiz.WebHost.Limits;

/// <summary>Turns a configured window limit into a rate-limiter partition (none when the limit is off).</summary>
public static class WindowLimits
{
    public static RateLimitPartition<string> Partition(string key, RateLimitSettings.WindowLimit limit) => limit.PermitLimit <= 0
        ? RateLimitPartition.GetNoLimiter(key)
        : RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit.PermitLimit,
            Window = limit.Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        });

    /// <summary>How long a refused caller should wait: the limiter's own answer, else a whole window.</summary>
    public static TimeSpan RetryAfter(RateLimitLease lease, RateLimitSettings.WindowLimit limit) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : limit.Window;
}
