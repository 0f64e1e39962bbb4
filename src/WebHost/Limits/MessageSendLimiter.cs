using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace OmniBiz.WebHost.Limits;

/// <summary>
/// One budget of message sends per user on this node, shared by <c>POST /api/messages/send</c> and the hub's
/// <c>SendMessage</c>, so switching transport does not double it.
/// </summary>
public sealed class MessageSendLimiter(IOptions<RateLimitSettings> settings) : IAsyncDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter =
        PartitionedRateLimiter.Create<string, string>(userId => WindowLimits.Partition(userId, settings.Value.MessageSend), StringComparer.Ordinal);

    /// <summary>Takes one send from the user's budget, or throws <see cref="RateLimitedException"/>.</summary>
    public void Acquire(string userId)
    {
        using var lease = _limiter.AttemptAcquire(userId);
        if (!lease.IsAcquired)
        {
            var retryAfter = WindowLimits.RetryAfter(lease, settings.Value.MessageSend);
            throw new RateLimitedException(retryAfter,
                $"Rate limited: at most {settings.Value.MessageSend.PermitLimit} messages per {settings.Value.MessageSend.Window.TotalSeconds:0} s; retry in {RateLimitedException.Seconds(retryAfter)} s.");
        }
    }

    public ValueTask DisposeAsync() => _limiter.DisposeAsync();
}
