using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using OmniBiz.Tests.Shared;
using OmniBiz.WebHost.Tests.Common;

namespace OmniBiz.WebHost.Tests.Realtime;

/// <summary>A node in its own process, so its console log can be read: refusals are information, without a stack trace.</summary>
public sealed class HubRefusalLoggingTests
{
    [Fact]
    public async Task Refused_hub_calls_and_connections_are_logged_as_information_without_a_stack_trace_and_the_caller_still_gets_the_reason()
    {
        var settings = TestNode.BaseSettings();
        settings["ConnectionStrings:OmniBiz"] = await TestPostgres.CreateDatabaseAsync("hublog");
        settings["Logging:LogLevel:Default"] = "Information";
        settings["Logging:Console:FormatterName"] = "simple";
        settings["OmniBiz:RateLimits:HubConnectionsPerUser"] = "1";
        await using var node = await NodeProcess.StartAsync(settings);
        using var customer = await node.Client().RegisterAsync();
        await using var tab = await customer.ConnectAsync();

        var error = await Assert.ThrowsAsync<HubException>(() => tab.InvokeAsync("JoinMaps"));
        Assert.Contains("Only staff and admins may watch the fleet map", error.Message, StringComparison.Ordinal);
        await Eventually.UntilAsync(() => Task.FromResult(node.RecentOutput), o => o.Contains("Hub call JoinMaps by", StringComparison.Ordinal),
            TimeSpan.FromSeconds(15), "the refusal in the node's log");

        // A refused connection is logged the same way; by the time its line shows, anything logged for the first is out too.
        await using var second = new HubConnectionBuilder()
            .WithUrl(new Uri(customer.Address, "/hubs/omnibiz"), o => o.AccessTokenProvider = () => Task.FromResult(customer.Token))
            .Build();
        try
        {
            await second.StartAsync();
        }
        catch (Exception e) when (e is HubException or InvalidOperationException or HttpRequestException)
        {
        }

        var output = await Eventually.UntilAsync(() => Task.FromResult(node.RecentOutput), o => o.Contains("Hub call OnConnectedAsync by", StringComparison.Ordinal),
            TimeSpan.FromSeconds(15), "the refused connection in the node's log");

        var lines = output.Split('\n');
        Assert.Contains(lines, l => l.StartsWith("info: OmniBiz.WebHost.Realtime.HubLoggingFilter", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("fail:", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.TrimStart().StartsWith("at Microsoft.AspNetCore.SignalR", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("HubException", StringComparison.Ordinal));
    }
}
