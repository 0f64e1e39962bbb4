using System.Net;
using OmniBiz.LoadTest.Reporting;

namespace OmniBiz.LoadTest.Common;

/// <summary>What a scenario works with: options, the shared HTTP client, metrics and the admin session.</summary>
public sealed class HarnessContext : IDisposable
{
    public HarnessContext(HarnessOptions options)
    {
        Options = options;
        Http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 2048,
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            AutomaticDecompression = DecompressionMethods.None,
        })
        { Timeout = TimeSpan.FromSeconds(30) };
        Admin = Session(0);
    }

    public HarnessOptions Options { get; }

    public HttpClient Http { get; }

    public Metrics Metrics { get; } = new();

    /// <summary>Signed in by the runner before setup.</summary>
    public ApiSession Admin { get; }

    /// <summary>A unique run id, so repeated runs against one server never collide on e-mail addresses.</summary>
    public string RunId { get; } = Guid.NewGuid().ToString("N")[..8];

    public ApiSession Session(int index) => new(Http, Options.TargetFor(index), Metrics);

    public void Dispose() => Http.Dispose();
}
