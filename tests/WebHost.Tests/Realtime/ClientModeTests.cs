using System.Globalization;
using System.Net;
using Npgsql;
using OmniBiz.Tests.Shared;
using OmniBiz.WebHost.Tests.Common;

namespace OmniBiz.WebHost.Tests.Realtime;

/// <summary>A standalone silo process plus a web node in client mode (no silo of its own), ADO.NET clustering.</summary>
public sealed class ClientModeTests
{
    [Fact]
    public async Task A_client_mode_web_node_serves_the_api_and_pushes_events_through_a_standalone_silo()
    {
        var database = await TestPostgres.CreateMigratedDatabaseAsync("clientmode");
        var settings = TestNode.BaseSettings();
        settings["ConnectionStrings:OmniBiz"] = database;
        settings["OmniBiz:Cluster:Mode"] = "AdoNet";
        settings["OmniBiz:Cluster:ClusterId"] = $"test-{Guid.NewGuid():N}";

        await using var silo = await NodeProcess.StartSiloAsync(settings);
        await Eventually.UntilAsync(() => ActiveSilosAsync(database), n => n == 1, TimeSpan.FromSeconds(60), "the silo to become active");

        var webSettings = new Dictionary<string, string?>(settings)
        {
            ["OmniBiz:Cluster:CoHostSilo"] = "false",
            ["OmniBiz:Cluster:SiloPort"] = TestNode.FreePort().ToString(CultureInfo.InvariantCulture),
        };
        await using var web = await NodeProcess.StartAsync(webSettings);

        using var admin = await web.Client().LoginAsAdminAsync();
        var productId = await admin.CreateProductAsync(stock: 5, price: 1.5m);
        using var user = await web.Client().RegisterAsync();
        await using var tab = await user.ConnectAsync();
        using var seen = new EventRecorder(tab, "cart_updated");

        Assert.Equal(HttpStatusCode.OK, (await user.PostAsync("/api/cart/items", new { productId, quantity = 2 })).Status);
        var (cart, _) = await seen.NextAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(3m, cart.GetProperty("total").GetDecimal());
        Assert.Equal(1, await ActiveSilosAsync(database)); // the web node added no silo
    }

    private static async Task<long> ActiveSilosAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM orleans_membership WHERE status = 3", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
