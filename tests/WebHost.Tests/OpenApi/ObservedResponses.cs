using System.Collections.Concurrent;
using OmniBiz.WebHost.Hosting;

namespace OmniBiz.WebHost.Tests.OpenApi;

/// <summary>
/// Every answer the in-process test nodes give (see <see cref="ResponseObserver"/>), kept for this test run. Identical
/// answers (same operation, status, content type and body shape) are kept once per 20 to bound memory.
/// </summary>
public static class ObservedResponses
{
    private const int MaxKept = 20_000;
    private static readonly ConcurrentQueue<ObservedResponse> Kept = new();
    private static readonly ConcurrentDictionary<(string, string, int, string?), int> Counts = new();
    private static int _started;

    public static void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            ResponseObserver.Observed += Keep;
        }
    }

    public static IReadOnlyList<ObservedResponse> All => [.. Kept];

    private static void Keep(ObservedResponse response)
    {
        var seen = Counts.AddOrUpdate((response.Method, response.RouteTemplate, response.Status, response.ContentType), 1, (_, n) => n + 1);
        if (seen <= 20 && Kept.Count < MaxKept)
        {
            Kept.Enqueue(response);
        }
    }
}
