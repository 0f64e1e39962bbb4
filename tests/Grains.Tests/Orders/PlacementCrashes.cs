using System.Collections.Concurrent;
using OmniBiz.Grains.Orders;

namespace OmniBiz.Grains.Tests;

/// <summary>Makes chosen orders fail right after their first line is reserved, the way a crashed silo would leave them.</summary>
public sealed class PlacementCrashes : IOrderPlacementFaults
{
    public static readonly PlacementCrashes Instance = new();

    private readonly ConcurrentDictionary<string, int> _crashAfter = new();

    public void CrashAfter(string orderId, int linesReserved) => _crashAfter[orderId] = linesReserved;

    public void Heal(string orderId) => _crashAfter.TryRemove(orderId, out _);

    public Task AfterLineReservedAsync(string orderId, int linesReserved) =>
        _crashAfter.TryGetValue(orderId, out var crashAt) && crashAt == linesReserved
            ? throw new InvalidOperationException($"Simulated crash while placing {orderId}")
            : Task.CompletedTask;
}
