using System.Runtime.ExceptionServices;

namespace OmniBiz.Grains.Storage;

/// <summary>
/// Group commit inside one reentrant grain. Callers check and change the state in memory without awaiting in between
/// (so no two changes interleave), then await <see cref="CommitAsync"/>: one state write stores every change made
/// since the previous write began, and a caller is answered once a write that holds its change has landed. While a
/// write runs, further changes queue for the next, so a busy grain writes once per round trip instead of once per
/// caller. After each write the grain's follow-up work runs (read model, events) once for the whole round.
/// When a write fails, every caller not yet answered fails with it and the grain is dropped (its memory holds
/// changes that were never stored), so a request that failed changes nothing.
/// </summary>
public sealed class GrainStateCommits(Func<Task> write, Func<Task> afterWrite, Action drop)
{
    private Round? _next;
    private Round? _writing;
    private Task _loop = Task.CompletedTask;
    private ExceptionDispatchInfo? _failure;

    /// <summary>Throws the failure of an earlier write: the grain is being dropped and must not take new changes.</summary>
    public void ThrowIfFailed() => _failure?.Throw();

    /// <summary>
    /// Completes when a write holding every change made so far has landed; with <paramref name="settled"/>, once the
    /// follow-up work of that write ran too (for callers that read the read model next).
    /// </summary>
    public Task CommitAsync(bool settled = false)
    {
        ThrowIfFailed();
        var round = _next ??= new Round();
        if (_loop.IsCompleted)
        {
            _loop = RunAsync();
        }

        return settled ? round.Settled.Task : round.Written.Task;
    }

    /// <summary>Completes when the changes made so far are stored (at once when nothing is waiting for a write).</summary>
    public Task StoredAsync() => (_next ?? _writing)?.Written.Task ?? Task.CompletedTask;

    /// <summary>The write loop, finished when nothing is left to write (awaited before the grain deactivates).</summary>
    public Task IdleAsync() => _loop;

    private async Task RunAsync()
    {
        await Task.Yield(); // callers of this turn join the first round
        while (_next is { } round)
        {
            (_writing, _next) = (round, null);
            try
            {
                await write();
            }
            catch (Exception e)
            {
                _failure = ExceptionDispatchInfo.Capture(e);
                round.Fail(e);
                _next?.Fail(e);
                (_writing, _next) = (null, null);
                drop();
                return;
            }

            _writing = null;
            round.Written.SetResult();
            try
            {
                await afterWrite();
            }
            finally
            {
                round.Settled.SetResult();
            }
        }
    }

    private sealed class Round
    {
        public TaskCompletionSource Written { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Settled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Fail(Exception e)
        {
            Written.TrySetException(e);
            Settled.TrySetException(e);
        }
    }
}
