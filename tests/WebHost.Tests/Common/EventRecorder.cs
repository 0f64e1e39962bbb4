using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;

namespace OmniBiz.WebHost.Tests.Common;

/// <summary>Records every arrival of one event on one connection, with the time it arrived.</summary>
public sealed class EventRecorder : IDisposable
{
    private readonly Channel<(JsonElement Payload, long Timestamp)> _events = Channel.CreateUnbounded<(JsonElement, long)>();
    private readonly IDisposable _subscription;
    private readonly System.Collections.Concurrent.ConcurrentQueue<JsonElement> _all = new();
    private int _count;

    public EventRecorder(HubConnection connection, string eventName)
    {
        _subscription = connection.On<JsonElement>(eventName, payload =>
        {
            Interlocked.Increment(ref _count);
            _all.Enqueue(payload);
            _events.Writer.TryWrite((payload, Stopwatch.GetTimestamp()));
        });
    }

    public int Count => Volatile.Read(ref _count);

    /// <summary>Every payload received so far, in arrival order.</summary>
    public IReadOnlyList<JsonElement> All => [.. _all];

    /// <summary>The next arrival; fails the test when none comes within the timeout.</summary>
    public async Task<(JsonElement Payload, long Timestamp)> NextAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        try
        {
            return await _events.Reader.ReadAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("The expected event did not arrive in time.");
        }
    }

    /// <summary>Skips arrivals until one matches.</summary>
    public async Task<JsonElement> NextMatchingAsync(Func<JsonElement, bool> match, TimeSpan? timeout = null)
    {
        while (true)
        {
            var (payload, _) = await NextAsync(timeout);
            if (match(payload))
            {
                return payload;
            }
        }
    }

    public void Dispose() => _subscription.Dispose();
}
