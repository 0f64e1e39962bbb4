using System.Net;
using OmniBiz.WebHost.Tests.Common;

namespace OmniBiz.WebHost.Tests.Hosting;

/// <summary>The built server, started the way the README starts it: no database settings, an empty data folder.</summary>
public sealed class RunCommandTests : IDisposable
{
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), $"omnibiz-run-{Guid.NewGuid():N}");

    [Fact]
    public async Task The_server_starts_its_own_database_and_serves_health_openapi_the_hub_and_the_demo_catalog()
    {
        await using var node = await NodeProcess.StartAsync(new Dictionary<string, string?>
        {
            ["OmniBiz:DataDir"] = _dataFolder,
            ["OmniBiz:Seed:DemoCatalog"] = "true",
            ["OmniBiz:Cluster:SiloPort"] = TestNode.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["OmniBiz:Cluster:GatewayPort"] = TestNode.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        using var client = node.Client();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/alive")).Status);
        var (status, openApi, _) = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(openApi.GetProperty("paths").TryGetProperty("/api/cart/items", out _));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/hubs/omnibiz/negotiate?negotiateVersion=1", new { })).Status);
        Assert.True(File.Exists(Path.Combine(_dataFolder, "postgres", "PG_VERSION")));

        // The demo catalog setting gives a new user something to browse.
        var (_, products, _) = await client.GetAsync("/api/products?limit=200");
        var ids = products.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetString()).ToList();
        Assert.Equal(12, ids.Count(id => id!.StartsWith("demo-", StringComparison.Ordinal)));
        var (_, found, _) = await client.GetAsync("/api/products?search=espresso");
        Assert.Equal("demo-espresso-beans", found.GetProperty("items")[0].GetProperty("id").GetString());
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
