using Microsoft.Extensions.Logging;
using Npgsql;
using OmniBiz.Grains.Storage;

namespace OmniBiz.Grains.Projections;

/// <summary>
/// Group commit for read-model rows: the projections of every grain on this silo (orders, products with their stock
/// movements) queue their statements while the previous write runs; each write sends everything queued in one batch,
/// one transaction, one WAL flush, where each projection used to pay its own. A caller's task completes once its rows
/// are committed, so a projection still lands before its grain answers.
/// <para>
/// One projection's bad row (a data or constraint error) or a deadlock with another silo's batch must not fail the
/// others': when a batch of several is refused by PostgreSQL, each is written again on its own and answered with its
/// own outcome, which <see cref="Projection"/> then classifies (retried, or refused for good) as before. A lost
/// connection fails the whole batch at once; every projection then retries on its own timer.
/// </para>
/// </summary>
public sealed partial class ReadModelWriter(NpgsqlDataSource db, ILogger<ReadModelWriter> logger) : GroupCommitWriter<ReadModelWriter.Pending>
{
    /// <summary>Projections per transaction, so one write stays a bounded statement list.</summary>
    public const int MaxPerWrite = 256;

    /// <summary>
    /// Queues one projection's statements (made afresh for each attempt: a statement belongs to one batch) and answers
    /// a task that completes once they are committed, or fails with their write's failure.
    /// </summary>
    public Task WriteAsync(Func<IEnumerable<NpgsqlBatchCommand>> rows)
    {
        var pending = new Pending(rows, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        Enqueue(pending);
        return pending.Done.Task;
    }

    protected override async Task WriteAsync(List<Pending> batch, CancellationToken cancellationToken)
    {
        for (var offset = 0; offset < batch.Count; offset += MaxPerWrite)
        {
            var part = batch.GetRange(offset, Math.Min(MaxPerWrite, batch.Count - offset));
            try
            {
                await ExecuteAsync(part, cancellationToken);
                part.ForEach(p => p.Done.TrySetResult());
            }
            catch (PostgresException e) when (part.Count > 1)
            {
                LogBatchRefused(e, part.Count, e.SqlState);
                foreach (var single in part)
                {
                    await WriteAloneAsync(single, cancellationToken);
                }
            }
            catch (Exception e)
            {
                part.ForEach(p => p.Done.TrySetException(e));
            }
        }
    }

    private async Task WriteAloneAsync(Pending single, CancellationToken cancellationToken)
    {
        try
        {
            await ExecuteAsync([single], cancellationToken);
            single.Done.TrySetResult();
        }
        catch (Exception e)
        {
            single.Done.TrySetException(e);
        }
    }

    /// <summary>
    /// The statements of every projection in <paramref name="part"/>, as one implicit transaction (all or none). A
    /// projection whose statements cannot even be made is failed alone and left out.
    /// </summary>
    private async Task ExecuteAsync(List<Pending> part, CancellationToken cancellationToken)
    {
        await using var command = db.CreateBatch();
        foreach (var pending in part)
        {
            List<NpgsqlBatchCommand> rows;
            try
            {
                rows = [.. pending.Rows()];
            }
            catch (Exception e)
            {
                pending.Done.TrySetException(e);
                continue;
            }

            rows.ForEach(command.BatchCommands.Add);
        }

        if (command.BatchCommands.Count > 0)
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>One projection's statements and its caller's completion.</summary>
    public sealed record Pending(Func<IEnumerable<NpgsqlBatchCommand>> Rows, TaskCompletionSource Done);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL refused a batch of {Count} read-model writes ({SqlState}); writing each on its own")]
    private partial void LogBatchRefused(Exception e, int count, string sqlState);
}
