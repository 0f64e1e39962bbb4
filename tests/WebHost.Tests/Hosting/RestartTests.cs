using System.Net;
using OmniBiz.WebHost.Tests.Common;

namespace OmniBiz.WebHost.Tests.Hosting;

/// <summary>The README's default: no connection string, so the node runs its own PostgreSQL in its data folder.</summary>
public sealed class RestartTests : IDisposable
{
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), $"omnibiz-restart-{Guid.NewGuid():N}");

    private Dictionary<string, string?> Settings()
    {
        var settings = TestNode.BaseSettings();
        settings.Remove("OmniBiz:Jwt:SigningKey"); // the node must generate and keep its own key
        settings["OmniBiz:DataDir"] = _dataFolder;
        return settings;
    }

    [Fact]
    public async Task After_a_restart_users_can_sign_in_their_tokens_still_work_and_their_carts_are_kept()
    {
        var email = $"restart-{Guid.NewGuid():N}@example.com";
        string token, userId, productId;
        await using (var first = await TestNode.StartAsync(Settings()))
        {
            Assert.True(File.Exists(Path.Combine(_dataFolder, "postgres", "PG_VERSION")));
            using var admin = await first.Client().LoginAsAdminAsync();
            Assert.True(File.Exists(Path.Combine(_dataFolder, "jwt-signing.key")));
            productId = await admin.CreateProductAsync(stock: 10, price: 3m);
            using var user = await first.Client().RegisterAsync(email, "keep-me-123");
            Assert.Equal(HttpStatusCode.OK, (await user.PostAsync("/api/cart/items", new { productId, quantity = 3 })).Status);
            (token, userId) = (user.Token!, user.UserId!);
        }

        await using var second = await TestNode.StartAsync(Settings());
        using var again = await second.Client().LoginAsync(email, "keep-me-123");
        Assert.Equal(userId, again.UserId);
        var (status, cart, _) = await again.GetAsync("/api/cart");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(3, cart.GetProperty("count").GetInt32());
        Assert.Equal(9m, cart.GetProperty("total").GetDecimal());

        using var oldToken = second.Client().As(token, userId);
        Assert.Equal(HttpStatusCode.OK, (await oldToken.GetAsync("/api/auth/me")).Status);
        using var anonymous = second.Client();
        var (_, products, _) = await anonymous.GetAsync("/api/products");
        Assert.Contains(productId, products.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task After_a_kill_the_next_node_reuses_the_running_postgres_and_stops_it_on_shutdown()
    {
        var email = $"killed-{Guid.NewGuid():N}@example.com";
        await using (var killed = await NodeProcess.StartAsync(Settings()))
        {
            using var user = await killed.Client().RegisterAsync(email, "keep-me-123");
            killed.Kill();
        }

        // The killed node could not stop its server: it is still running.
        var pidFile = Path.Combine(_dataFolder, "postgres", "postmaster.pid");
        Assert.True(File.Exists(pidFile));
        var leftRunning = int.Parse(File.ReadLines(pidFile).First(), System.Globalization.CultureInfo.InvariantCulture);
        var port = int.Parse(File.ReadLines(pidFile).ElementAt(3), System.Globalization.CultureInfo.InvariantCulture);

        await using (var next = await TestNode.StartAsync(Settings()))
        {
            Assert.Equal(leftRunning, int.Parse(File.ReadLines(pidFile).First(), System.Globalization.CultureInfo.InvariantCulture));
            var owner = File.ReadAllText(Path.Combine(_dataFolder, "postgres.owner"));
            Assert.StartsWith($"{Environment.ProcessId} ", owner, StringComparison.Ordinal);
            using var again = await next.Client().LoginAsync(email, "keep-me-123");
            Assert.NotNull(again.UserId);
        }

        // Stopped with the node that took it over, as if it had started it.
        Assert.False(File.Exists(pidFile));
        // (Its process id may linger as a zombie where nothing reaps orphans, so ask the port.)
        using var probe = new System.Net.Sockets.TcpClient();
        await Assert.ThrowsAnyAsync<System.Net.Sockets.SocketException>(() => probe.ConnectAsync(System.Net.IPAddress.Loopback, port));
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
