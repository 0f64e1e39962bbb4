using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using OmniBiz.Tests.Shared;
using OmniBiz.WebHost.Tests.Common;
using Xunit.Abstractions;

namespace OmniBiz.WebHost.Tests.Realtime;

/// <summary>
/// A web node that is stopped (SIGTERM, a rolling restart) closes its connections with SignalR's "reconnect allowed",
/// after sending what it had been given, so a client with automatic reconnect goes on (through the balancer, to
/// another node) instead of staying closed.
/// </summary>
public sealed class GracefulStopTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_stopping_node_stops_being_ready_and_asks_its_connections_to_reconnect()
    {
        var settings = TestNode.BaseSettings();
        settings["ConnectionStrings:OmniBiz"] = await TestPostgres.CreateMigratedDatabaseAsync("graceful");
        var node = await NodeProcess.StartAsync(settings);
        try
        {
            using var admin = await node.Client().LoginAsAdminAsync();
            var productId = await admin.CreateProductAsync(stock: 100, price: 1m);
            using var user = await node.Client().RegisterAsync();
            var connection = new HubConnectionBuilder()
                .WithUrl(new Uri(node.Address, "/hubs/omnibiz"), o => o.AccessTokenProvider = () => Task.FromResult(user.Token))
                .WithAutomaticReconnect([TimeSpan.FromMinutes(5)]) // one slow attempt: the node is gone by then
                .Build();
            var reconnecting = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
            var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
            connection.Reconnecting += e =>
            {
                reconnecting.TrySetResult(e);
                return Task.CompletedTask;
            };
            connection.Closed += e =>
            {
                closed.TrySetResult(e);
                return Task.CompletedTask;
            };
            await using var _ = connection;
            await connection.StartAsync();
            await connection.InvokeAsync<JsonElement>("Ready");
            using var carts = new EventRecorder(connection, "cart_updated");
            Assert.Equal(HttpStatusCode.OK, (await user.PostAsync("/api/cart/items", new { productId, quantity = 2 })).Status);
            Assert.Equal(2, (await carts.NextAsync()).Payload.GetProperty("count").GetInt32());
            Assert.Equal(HttpStatusCode.OK, (await node.Client().GetAsync("/health")).Status);

            var stopping = node.StopAsync(); // SIGTERM, as a service manager or a rolling restart sends
            var first = await Task.WhenAny(reconnecting.Task, closed.Task).WaitAsync(TimeSpan.FromSeconds(20));
            var reason = await first;
            output.WriteLine(first == reconnecting.Task
                ? $"the client went to reconnecting ({reason?.Message ?? "the server asked it to"})"
                : $"the client was closed for good ({reason?.Message ?? "no error"})");
            Assert.Same(reconnecting.Task, first);
            Assert.Null(reason); // told by the server, not a broken transport
            await stopping.WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            await node.DisposeAsync();
        }
    }
}
