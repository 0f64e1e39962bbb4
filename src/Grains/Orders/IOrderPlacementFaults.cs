namespace OmniBiz.Grains.Orders;

/// <summary>
/// A seam at the one point where a crash costs the most: after some lines are reserved and before the order exists.
/// Production registers <see cref="NoOrderPlacementFaults"/>; crash-safety tests register one that fails there.
/// </summary>
public interface IOrderPlacementFaults
{
    Task AfterLineReservedAsync(string orderId, int linesReserved);
}

public sealed class NoOrderPlacementFaults : IOrderPlacementFaults
{
    public Task AfterLineReservedAsync(string orderId, int linesReserved) => Task.CompletedTask;
}
