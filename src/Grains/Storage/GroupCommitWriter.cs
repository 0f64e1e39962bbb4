using Microsoft.Extensions.Hosting;

namespace OmniBiz.Grains.Storage;

/// <summary>
/// The group-commit loop of a per-silo batch writer: callers queue items while the previous write runs; each write
/// takes everything queued since and hands it to <see cref="WriteAsync"/>, which stores it (in as few transactions as
/// it can) and completes every item's caller once its rows are committed or have failed. On a clean shutdown what is
/// queued is written, and the writer keeps writing what grains still queue while the silo hands them over (each
/// caller then starts the write itself), so no caller waiting for its commit is dropped and no grain's deactivation
/// waits on a writer that has stopped.
/// </summary>
public abstract class GroupCommitWriter<TItem> : BackgroundService
{
    private readonly object _gate = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly SemaphoreSlim _writing = new(1, 1);
    private List<TItem> _pending = [];
    private volatile bool _stopped;

    /// <summary>Queues an item for the next write (the item carries its caller's completion).</summary>
    protected void Enqueue(TItem item)
    {
        bool first;
        lock (_gate)
        {
            first = _pending.Count == 0;
            _pending.Add(item);
        }

        if (_stopped)
        {
            _ = FlushAsync();
        }
        else if (first)
        {
            _signal.Release();
        }
    }

    /// <summary>Stores a batch and completes each item's caller, with its result or its failure; never throws.</summary>
    protected abstract Task WriteAsync(List<TItem> batch, CancellationToken cancellationToken);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            try
            {
                await _signal.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                // Set before the last flush takes the queue: an item queued after it sees the flag and writes itself.
                _stopped = true;
                await FlushAsync();
                return;
            }

            await FlushAsync();
        }
    }

    /// <summary>
    /// Writes what is queued; one write at a time, so a conversation's rows still commit in order. Never cancelled by
    /// the stop: a write under way finishes, so its callers get their answer.
    /// </summary>
    private async Task FlushAsync()
    {
        await _writing.WaitAsync(CancellationToken.None);
        try
        {
            List<TItem> batch;
            lock (_gate)
            {
                if (_pending.Count == 0)
                {
                    return;
                }

                (batch, _pending) = (_pending, new List<TItem>(_pending.Count));
            }

            await WriteAsync(batch, CancellationToken.None);
        }
        finally
        {
            _writing.Release();
        }
    }

    public override void Dispose()
    {
        _signal.Dispose();
        base.Dispose();
        GC.SuppressFinalize(this);
    }
}
