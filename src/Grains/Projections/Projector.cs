using Microsoft.Extensions.Logging;

namespace OmniBiz.Grains.Projections;

/// <summary>Makes the <see cref="Projection"/> of each grain activation (one per silo; holds what they share).</summary>
public sealed class Projector(IProjectionFaults faults, ILogger<Projection> logger)
{
    /// <summary>First retry after a failed read-model write; each further failure doubles it, up to <see cref="MaxRetryDelay"/>.</summary>
    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The projection of <paramref name="grain"/>'s state into the read model named <paramref name="name"/>.
    /// <paramref name="write"/> must write the grain's <em>current</em> state, idempotently and version-guarded.
    /// </summary>
    public Projection For(Grain grain, string name, Func<Task> write) =>
        new(grain, name, grain.GetGrainId().Key.ToString()!, write, faults, logger);
}
