using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Logging.Abstractions;
using OmniBiz.Silo.Database;
using OmniBiz.WebHost.Tests.Common;
using Xunit.Abstractions;

namespace OmniBiz.WebHost.Tests.Hosting;

/// <summary>
/// PostgreSQL restarted under a node that is taking writes: while it is gone the node reports unhealthy and refuses
/// writes with 503 (never a 500), nothing acknowledged is lost, and once it is back the node recovers by itself.
/// </summary>
public sealed class DatabaseOutageTests(ITestOutputHelper output)
{
    [Fact]
    public async Task While_postgres_is_down_writes_are_503_and_health_is_unhealthy_and_the_node_recovers_by_itself()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"omnibiz-outage-{Guid.NewGuid():N}");
        var postgres = await EmbeddedPostgres.StartAsync(folder, null, NullLogger.Instance);
        postgres.StopWhenProcessExits(Environment.ProcessId);
        try
        {
            var settings = TestNode.BaseSettings();
            settings["ConnectionStrings:OmniBiz"] = postgres.ConnectionString;
            await using var node = await TestNode.StartAsync(settings);
            using var admin = await node.Client().LoginAsAdminAsync();
            using var shopper = await node.Client().RegisterAsync();
            var products = new List<string>();
            for (var i = 0; i < 20; i++)
            {
                products.Add(await admin.CreateProductAsync(stock: 1_000_000));
            }

            var product = products[0];

            var (_, conversation, _) = await shopper.PostAsync("/api/messages/conversations", new { type = "direct", memberIds = new[] { admin.UserId } });
            var conversationId = conversation.GetProperty("id").GetString();
            await using var tab = await shopper.ConnectAsync();

            // A shopper adding one item at a time, counting what the node acknowledged and every status it answered.
            var acknowledged = 0;
            var statuses = new Dictionary<HttpStatusCode, int>();
            using var stop = new CancellationTokenSource();
            var load = Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    var (status, _, _) = await shopper.PostAsync("/api/cart/items", new { productId = products[i % products.Count], quantity = 1 });
                    lock (statuses)
                    {
                        statuses[status] = statuses.GetValueOrDefault(status) + 1;
                    }

                    if (status == HttpStatusCode.OK)
                    {
                        Interlocked.Increment(ref acknowledged);
                    }
                    else
                    {
                        await Task.Delay(50);
                    }
                }
            });
            await Task.Delay(1_000);

            await postgres.StopAsync();
            var down = Stopwatch.StartNew();
            await EventuallyAsync(async () => (await node.Client().GetAsync("/health")).Status == HttpStatusCode.ServiceUnavailable, "health turns unhealthy");
            output.WriteLine($"unhealthy after {down.ElapsedMilliseconds} ms");

            // Writes that need the database are refused as unavailable, with a reason and Retry-After.
            using var anonymous = node.Client();
            var (register, registerBody, _) = await anonymous.PostAsync("/api/auth/register", new { email = $"{Guid.NewGuid():N}@example.com", password = "password-123", displayName = "Late" });
            Assert.True(register == HttpStatusCode.ServiceUnavailable, $"register during the outage: {register} {registerBody}");
            var (add, addBody, contentType) = await shopper.PostAsync("/api/cart/items", new { productId = product, quantity = 1 });
            Assert.True(add == HttpStatusCode.ServiceUnavailable, $"cart add during the outage: {add} {addBody}");
            Assert.Equal("application/problem+json", contentType);
            var (message, messageBody, _) = await admin.PostAsync("/api/products", new { name = "During outage", price = 1m, stock = 1, category = "test" });
            Assert.True(message == HttpStatusCode.ServiceUnavailable, $"product create during the outage: {message} {messageBody}");
            var (send, sendBody, _) = await shopper.PostAsync("/api/messages/send", new { conversationId, text = "lost?", clientMessageId = "during-1" });
            Assert.True(send == HttpStatusCode.ServiceUnavailable, $"message send during the outage: {send} {sendBody}");
            var hubError = await Assert.ThrowsAsync<HubException>(() => tab.InvokeAsync<JsonElement>("SendMessage", conversationId, "lost?", "during-2", Array.Empty<string>()));
            Assert.Contains("retry", hubError.Message, StringComparison.OrdinalIgnoreCase);
            await Task.Delay(2_000);

            await postgres.StartAgainAsync();
            var back = Stopwatch.StartNew();
            await EventuallyAsync(async () => (await node.Client().GetAsync("/health")).Status == HttpStatusCode.OK, "health recovers");
            await EventuallyAsync(async () => (await shopper.PostAsync("/api/cart/items", new { productId = product, quantity = 1 })).Status == HttpStatusCode.OK
                ? Interlocked.Increment(ref acknowledged) > 0 : false, "writes succeed again");
            output.WriteLine($"recovered after {back.ElapsedMilliseconds} ms");
            await Task.Delay(1_000);
            await stop.CancelAsync();
            await load;

            lock (statuses)
            {
                output.WriteLine($"answers: {string.Join(", ", statuses.Select(s => $"{(int)s.Key} × {s.Value}"))}; acknowledged {acknowledged}");
                Assert.True(statuses.Keys.All(s => s is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable), "every answer was 200 or 503");
            }

            // The refused sends, sent again with their client message ids, are stored once each, with gapless seqs.
            var resent = new List<long>();
            foreach (var id in new[] { "during-1", "during-2" })
            {
                var (status, body, _) = await shopper.PostAsync("/api/messages/send", new { conversationId, text = "again", clientMessageId = id });
                Assert.Equal(HttpStatusCode.Created, status);
                resent.Add(body.GetProperty("seq").GetInt64());
            }

            Assert.Equal([1L, 2L], resent);

            // Nothing acknowledged was lost and nothing refused was kept: the cart holds exactly the acknowledged adds.
            var (_, cart, _) = await shopper.GetAsync("/api/cart");
            var quantity = cart.GetProperty("items").EnumerateArray().Sum(i => i.GetProperty("quantity").GetInt32());
            Assert.Equal(acknowledged, quantity);
        }
        finally
        {
            await EmbeddedPostgres.StopIfRunningAsync(folder, null, NullLogger.Instance);
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(200);
        }

        Assert.Fail($"{what}: not within 30 s");
    }
}
