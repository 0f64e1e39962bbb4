namespace OmniBiz.Grains.Projections;

/// <summary>
/// A seam just before every read-model write. Production registers <see cref="NoProjectionFaults"/>; tests register one
/// that fails chosen writes, to prove that a committed change is answered as a success and its row lands later.
/// </summary>
public interface IProjectionFaults
{
    /// <summary>Called before <paramref name="projection"/> writes the row of <paramref name="id"/>; throwing fails that write.</summary>
    Task BeforeWriteAsync(string projection, string id);
}

public sealed class NoProjectionFaults : IProjectionFaults
{
    public Task BeforeWriteAsync(string projection, string id) => Task.CompletedTask;
}
