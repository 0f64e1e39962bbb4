using System.Collections.Concurrent;
using OmniBiz.GrainInterfaces.Realtime;
using OmniBiz.Grains.Realtime;

namespace OmniBiz.WebHost.Messaging;

/// <summary>
/// Typing indicators on this node: never stored. A "typing" is forwarded at most once every two seconds per member
/// and conversation; without a refresh it expires after five seconds and the others are told it stopped.
/// </summary>
public sealed partial class TypingTracker(IGrainFactory grains, TimeProvider clock, ILogger<TypingTracker> logger) : BackgroundService
{
    public static readonly TimeSpan Throttle = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan Expiry = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<(string Conversation, string User), Typing> _typing = new();

    public async Task TypingAsync(string conversationId, string userId)
    {
        var now = clock.GetUtcNow();
        var key = (conversationId, userId);
        var previous = _typing.TryGetValue(key, out var existing) ? existing : null;
        _typing[key] = new Typing(now + Expiry, previous is not null && now - previous.SentAt < Throttle ? previous.SentAt : now);
        if (previous is null || now - previous.SentAt >= Throttle)
        {
            await PublishAsync(EventNames.UserTyping, conversationId, userId);
        }
    }

    public async Task StopTypingAsync(string conversationId, string userId)
    {
        if (_typing.TryRemove((conversationId, userId), out _))
        {
            await PublishAsync(EventNames.UserStoppedTyping, conversationId, userId);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var now = clock.GetUtcNow();
                foreach (var (key, typing) in _typing)
                {
                    if (typing.ExpiresAt <= now && _typing.TryRemove(new KeyValuePair<(string, string), Typing>(key, typing)))
                    {
                        await PublishAsync(EventNames.UserStoppedTyping, key.Conversation, key.User);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task PublishAsync(string eventName, string conversationId, string userId)
    {
        try
        {
            await grains.PublishAsync(Topics.Typing(conversationId), eventName, new TypingNotice(conversationId, userId));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Typing is a hint: a lost one is corrected by the next, or by its expiry.
            LogPublishFailed(e, eventName);
        }
    }

    private sealed record Typing(DateTimeOffset ExpiresAt, DateTimeOffset SentAt);

    /// <summary><c>user_typing</c> and <c>user_stopped_typing</c> payload.</summary>
    public sealed record TypingNotice(string ConversationId, string UserId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not publish {EventName}")]
    private partial void LogPublishFailed(Exception e, string eventName);
}
