using OmniBiz.LoadTest.Common;
using OmniBiz.LoadTest.Reporting;

namespace OmniBiz.LoadTest.Scenarios;

/// <summary>One kind of traffic. The runner calls setup, then run (warm-up and measurement), then verify.</summary>
public interface IScenario
{
    string Name { get; }

    IReadOnlyDictionary<string, string> Parameters { get; }

    /// <summary>Users, products, connections: everything that is not measured.</summary>
    Task SetupAsync(HarnessContext context);

    /// <summary>Generates load until <paramref name="stop"/> fires.</summary>
    Task RunAsync(HarnessContext context, CancellationToken stop);

    /// <summary>Checks the scenario's invariants after the load stopped; breaks go to <see cref="Metrics.Violation"/>.</summary>
    Task VerifyAsync(HarnessContext context);
}
