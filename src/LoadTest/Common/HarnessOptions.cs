namespace OmniBiz.LoadTest.Common;

/// <summary>Options every scenario takes.</summary>
public sealed record HarnessOptions(
    IReadOnlyList<Uri> Targets,
    TimeSpan Duration,
    TimeSpan Warmup,
    string AdminEmail,
    string AdminPassword,
    string? JsonFile,
    bool Quiet,
    string? CompareFile = null)
{
    /// <summary>Spreads clients over the target nodes.</summary>
    public Uri TargetFor(int index) => Targets[index % Targets.Count];
}
