using Microsoft.Extensions.Logging;
using Npgsql;

namespace OmniBiz.Grains.Projections;

/// <summary>
/// Keeps one grain's read-model rows in step with its state. Grain state is the truth and is written first; the
/// projection of it is attempted right after, and if that write fails the caller still succeeds (the change is
/// committed) while a grain timer retries with backoff, keeping the activation alive, until the row lands. Every
/// attempt writes the state as it is then, so a retry never writes anything older than what is committed; the
/// version-guarded upserts make repeats harmless. On activation the grain projects its state again, which repairs a
/// row left behind by a crash between the state write and the projection.
/// </summary>
public sealed partial class Projection
{
    private readonly Grain _grain;
    private readonly string _name;
    private readonly string _id;
    private readonly Func<Task> _write;
    private readonly IProjectionFaults _faults;
    private readonly ILogger _logger;
    private IGrainTimer? _retry;
    private int _failures;

    internal Projection(Grain grain, string name, string id, Func<Task> write, IProjectionFaults faults, ILogger logger)
    {
        (_grain, _name, _id, _write, _faults, _logger) = (grain, name, id, write, faults, logger);
    }

    /// <summary>True while a write waits: the retry of a failed one, or one deferred by <see cref="ProjectSoon"/>.</summary>
    public bool Pending => _retry is not null;

    /// <summary>Writes the current state to the read model; a failure is logged and retried in the background, never thrown.</summary>
    public async Task ProjectAsync()
    {
        if (await TryWriteAsync())
        {
            StopRetrying();
        }
        else
        {
            ScheduleRetry();
        }
    }

    /// <summary>
    /// Writes the current state once, <paramref name="delay"/> from now, however often it is called meanwhile: for
    /// changes too frequent to write one row each (a join storm writes a few rows, not one per seat). A write already
    /// waiting (an earlier call, or the retry of a failed write) takes this change along, since every write is of the
    /// state as it is then. Failures are retried as for <see cref="ProjectAsync"/>.
    /// </summary>
    public void ProjectSoon(TimeSpan delay)
    {
        // KeepAlive: the activation must not be collected before the deferred write is made.
        _retry ??= _grain.RegisterGrainTimer(WriteWaitingAsync, new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }

    private async Task WriteWaitingAsync(CancellationToken cancellationToken)
    {
        var retrying = _failures > 0;
        if (await TryWriteAsync())
        {
            if (retrying)
            {
                LogLanded(_name, _id);
            }

            StopRetrying();
        }
        else
        {
            ScheduleRetry();
        }
    }

    private async Task<bool> TryWriteAsync()
    {
        try
        {
            await _faults.BeforeWriteAsync(_name, _id);
            await _write();
            _failures = 0;
            return true;
        }
        catch (PostgresException e) when (IsPermanent(e))
        {
            // The row itself is refused (bad data, a broken constraint): retrying the same row cannot succeed, and keeping
            // the activation alive for it would pin it forever. Logged as an error; the next activation tries once more.
            LogRefused(e, _name, _id, e.SqlState);
            _failures = 0;
            return true;
        }
        catch (Exception e)
        {
            // The database is down, slow or restarting, and the state is committed: retrying is the answer.
            _failures++;
            LogWriteFailed(e, _name, _id, _failures, NextDelay());
            return false;
        }
    }

    /// <summary>SQLSTATE classes 22 (data exception, e.g. a NUL in text) and 23 (integrity constraint violation).</summary>
    private static bool IsPermanent(PostgresException e) => e.SqlState.StartsWith("22", StringComparison.Ordinal) || e.SqlState.StartsWith("23", StringComparison.Ordinal);

    private TimeSpan NextDelay()
    {
        var factor = Math.Pow(2, Math.Min(_failures - 1, 16));
        return TimeSpan.FromTicks((long)Math.Min(Projector.MaxRetryDelay.Ticks, Projector.FirstRetryDelay.Ticks * factor));
    }

    private void ScheduleRetry()
    {
        var delay = NextDelay();
        if (_retry is null)
        {
            // KeepAlive: the activation must not be collected while its read model is behind.
            _retry = _grain.RegisterGrainTimer(WriteWaitingAsync, new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan) { KeepAlive = true });
        }
        else
        {
            _retry.Change(delay, Timeout.InfiniteTimeSpan);
        }
    }

    private void StopRetrying()
    {
        _retry?.Dispose();
        _retry = null;
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Writing the {Projection} read model of {Id} failed (attempt {Failures}); the change is committed and the write is retried in {RetryDelay}")]
    private partial void LogWriteFailed(Exception e, string projection, string id, int failures, TimeSpan retryDelay);

    [LoggerMessage(Level = LogLevel.Error,
        Message = "PostgreSQL refused the {Projection} read-model row of {Id} ({SqlState}); not retried until the grain is next activated")]
    private partial void LogRefused(Exception e, string projection, string id, string sqlState);

    [LoggerMessage(Level = LogLevel.Information, Message = "The {Projection} read model of {Id} caught up after a retry")]
    private partial void LogLanded(string projection, string id);
}
