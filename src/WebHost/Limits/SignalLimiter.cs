using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace OmniBiz.WebHost.Limits;

/// <summary>One budget of WebRTC signals per session participant on this node (a participant's connection lives on one node).</summary>
public sealed class SignalLimiter(IOptions<RateLimitSettings> settings) : IAsyncDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter =
        PartitionedRateLimiter.Create<string, string>(participant => WindowLimits.Partition(participant, settings.Value.Signal), StringComparer.Ordinal);

    /// <summary>Takes one signal from the participant's budget, or throws <see cref="RateLimitedException"/>.</summary>
    public void Acquire(string participantKey)
    {
        using var lease = _limiter.AttemptAcquire(participantKey);
        if (!lease.IsAcquired)
        {
            var retryAfter = WindowLimits.RetryAfter(lease, settings.Value.Signal);
            throw new RateLimitedException(retryAfter,
                $"Rate limited: at most {settings.Value.Signal.PermitLimit} signals per {settings.Value.Signal.Window.TotalSeconds:0} s per participant; retry in {RateLimitedException.Seconds(retryAfter)} s.");
        }
    }

    public ValueTask DisposeAsync() => _limiter.DisposeAsync();
}
