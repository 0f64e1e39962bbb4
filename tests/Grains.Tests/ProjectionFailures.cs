using System.Collections.Concurrent;
using OmniBiz.Grains.Projections;

namespace OmniBiz.Grains.Tests;

/// <summary>Makes the next N read-model writes of chosen rows fail, the way an unreachable database would.</summary>
public sealed class ProjectionFailures : IProjectionFaults
{
    public static readonly ProjectionFailures Instance = new();

    private readonly ConcurrentDictionary<(string Projection, string Id), int> _failuresLeft = new();
    private readonly ConcurrentDictionary<(string Projection, string Id), int> _failed = new();
    private readonly ConcurrentDictionary<(string Projection, string Id), int> _attempts = new();

    public void FailNext(string projection, string id, int times) => _failuresLeft[(projection, id)] = times;

    /// <summary>How many writes of the row were made to fail so far.</summary>
    public int Failed(string projection, string id) => _failed.GetValueOrDefault((projection, id));

    /// <summary>How many writes of the row were attempted so far, failed or not.</summary>
    public int Attempts(string projection, string id) => _attempts.GetValueOrDefault((projection, id));

    public Task BeforeWriteAsync(string projection, string id)
    {
        var key = (projection, id);
        _attempts.AddOrUpdate(key, 1, (_, n) => n + 1);
        while (_failuresLeft.TryGetValue(key, out var left) && left > 0)
        {
            if (_failuresLeft.TryUpdate(key, left - 1, left))
            {
                _failed.AddOrUpdate(key, 1, (_, n) => n + 1);
                throw new InvalidOperationException($"Simulated read-model failure for {projection} {id}");
            }
        }

        return Task.CompletedTask;
    }
}
