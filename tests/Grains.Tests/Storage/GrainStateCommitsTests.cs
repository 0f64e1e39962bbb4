using OmniBiz.Grains.Storage;

namespace OmniBiz.Grains.Tests.Storage;

/// <summary>Pure logic: changes made while a write runs share the next write; a failed write fails everyone waiting.</summary>
public sealed class GrainStateCommitsTests
{
    private sealed class Store
    {
        private readonly Queue<TaskCompletionSource> _writes = new();
        private readonly SemaphoreSlim _started = new(0);

        public int Writes { get; private set; }

        public int Dropped { get; private set; }

        public Task WriteAsync()
        {
            Writes++;
            var write = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_writes)
            {
                _writes.Enqueue(write);
            }

            _started.Release();
            return write.Task;
        }

        public void Drop() => Dropped++;

        /// <summary>Waits until a write has started, then lands it (or fails it).</summary>
        public async Task FinishNextAsync(Exception? failure = null)
        {
            Assert.True(await _started.WaitAsync(TimeSpan.FromSeconds(10)), "no write started");
            TaskCompletionSource write;
            lock (_writes)
            {
                write = _writes.Dequeue();
            }

            if (failure is null)
            {
                write.SetResult();
            }
            else
            {
                write.SetException(failure);
            }
        }
    }

    [Fact]
    public async Task Changes_made_during_a_write_are_stored_together_by_the_next_one()
    {
        var store = new Store();
        var commits = new GrainStateCommits(store.WriteAsync, () => Task.CompletedTask, store.Drop);

        var first = commits.CommitAsync();
        await store.FinishNextAsync();
        await first;

        var second = commits.CommitAsync(); // starts a write...
        await WaitUntilAsync(() => store.Writes == 2);
        var third = commits.CommitAsync(); // ...while these two wait for the next
        var fourth = commits.CommitAsync(settled: true);
        Assert.False(third.IsCompleted);

        await store.FinishNextAsync();
        await second;
        Assert.False(third.IsCompleted); // not stored by a write that began before it
        await store.FinishNextAsync();
        await Task.WhenAll(third, fourth);

        Assert.Equal(3, store.Writes);
        Assert.Equal(0, store.Dropped);
        await commits.StoredAsync();
    }

    [Fact]
    public async Task A_failed_write_fails_every_waiting_caller_drops_the_grain_and_refuses_further_changes()
    {
        var store = new Store();
        var commits = new GrainStateCommits(store.WriteAsync, () => Task.CompletedTask, store.Drop);

        var writing = commits.CommitAsync();
        await WaitUntilAsync(() => store.Writes == 1);
        var waiting = commits.CommitAsync(settled: true);
        await store.FinishNextAsync(new TimeoutException("database gone"));

        await Assert.ThrowsAsync<TimeoutException>(() => writing);
        await Assert.ThrowsAsync<TimeoutException>(() => waiting);
        Assert.Equal(1, store.Writes); // the waiting change was never written
        Assert.Equal(1, store.Dropped);
        Assert.Throws<TimeoutException>(commits.ThrowIfFailed);
        await Assert.ThrowsAsync<TimeoutException>(() => commits.CommitAsync());
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 1000 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}
