using OmniBiz.LoadTest.Common;

namespace OmniBiz.LoadTest.Scenarios;

/// <summary>
/// Several scenarios at once against the same nodes, the shape of a business day: shoppers checking out, vans
/// reporting positions to a dispatcher's map, staff and customers chatting, purchasing clerks receiving and paying for goods, and many dashboards idling. Each part
/// keeps its own operation names and invariants, so one table shows them side by side.
/// </summary>
public sealed class MixedScenario(IReadOnlyList<IScenario> parts) : IScenario
{
    public string Name => "mixed";

    public IReadOnlyDictionary<string, string> Parameters =>
        parts.SelectMany(p => p.Parameters.Select(kv => (Key: $"{p.Name}.{kv.Key}", kv.Value))).ToDictionary(p => p.Key, p => p.Value);

    public async Task SetupAsync(HarnessContext context)
    {
        foreach (var part in parts)
        {
            await part.SetupAsync(context);
        }
    }

    public Task RunAsync(HarnessContext context, CancellationToken stop) => Task.WhenAll(parts.Select(p => p.RunAsync(context, stop)));

    public async Task VerifyAsync(HarnessContext context)
    {
        foreach (var part in parts)
        {
            await part.VerifyAsync(context);
        }
    }
}
