using Microsoft.Extensions.Hosting;

namespace OmniBiz.Grains.Storage;

/// <summary>
/// The group-commit loop of a per-silo batch writer: callers queue items while the previous write runs; each write
/// takes everything queued since and hands it to <see cref="WriteAsync"/>, which stores it (in as few transactions as
/// it can) and completes every item's caller once its rows are committed or have failed. On a clean shutdown what is
/// queued is written before the writer stops, so no caller waiting for its commit is dropped.
/// </summary>
public abstract class GroupCommitWriter<TItem> : BackgroundService
{
    private readonly object _gate = new();
    private readonly SemaphoreSlim _signal = new(0);
    private List<TItem> _pending = [];

    /// <summary>Queues an item for the next write (the item carries its caller's completion).</summary>
    protected void Enqueue(TItem item)
    {
        bool first;
        lock (_gate)
        {
            first = _pending.Count == 0;
            _pending.Add(item);
        }

        if (first)
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
                await FlushAsync(CancellationToken.None);
                return;
            }

            await FlushAsync(stoppingToken);
        }
    }

    private Task FlushAsync(CancellationToken cancellationToken)
    {
        List<TItem> batch;
        lock (_gate)
        {
            if (_pending.Count == 0)
            {
                return Task.CompletedTask;
            }

            (batch, _pending) = (_pending, new List<TItem>(_pending.Count));
        }

        return WriteAsync(batch, cancellationToken);
    }

    public override void Dispose()
    {
        _signal.Dispose();
        base.Dispose();
        GC.SuppressFinalize(this);
    }
}
