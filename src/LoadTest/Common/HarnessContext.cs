using System.Net;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
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

    /// <summary>
    /// A hub connection for <paramref name="user"/> on <paramref name="node"/> (not started). It goes straight to
    /// WebSockets without the negotiate request: one socket per connection, as a browser holds, instead of an extra
    /// pooled HTTP connection per client that would double the file descriptors on both sides.
    /// </summary>
    public static HubConnection Hub(Uri node, ApiSession user) => new HubConnectionBuilder()
        .WithUrl(new Uri(node, "/hubs/omnibiz"), HttpTransportType.WebSockets, o =>
        {
            o.SkipNegotiation = true;
            o.AccessTokenProvider = () => Task.FromResult(user.Token);
        })
        .Build();

    /// <summary>A product's stock as the server reports it after a run, or null (a violation is recorded) when it cannot be read.</summary>
    public async Task<int?> StockAfterRunAsync(string productId)
    {
        var (status, product) = await Admin.SendAsync("verify", HttpMethod.Get, $"/api/products/{productId}");
        if (status != HttpStatusCode.OK)
        {
            Metrics.Violation($"product {productId} could not be read back ({(int)status})");
            return null;
        }

        return product.GetProperty("stock").GetInt32();
    }

    public void Dispose() => Http.Dispose();
}
