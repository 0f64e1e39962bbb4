using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using OmniBiz.WebHost.Tests.Common;

namespace OmniBiz.WebHost.Tests.Realtime;

[Collection(NodeCollection.Name)]
public sealed class HubAuthorizationTests(NodeFixture fixture)
{
    [Theory]
    [InlineData("JoinAdmins", "order dashboard")]
    [InlineData("JoinMaps", "fleet map")]
    [InlineData("JoinPurchasing", "purchasing")]
    public async Task A_customer_may_not_join_staff_topics_and_is_told_why(string method, string what)
    {
        using var customer = await fixture.Client().RegisterAsync();
        await using var connection = await customer.ConnectAsync();

        var error = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync(method));
        Assert.Contains("Only staff", error.Message, StringComparison.Ordinal);
        Assert.Contains(what, error.Message, StringComparison.Ordinal);
        Assert.Equal(HubConnectionState.Connected, connection.State);
    }

    [Fact]
    public async Task Staff_may_join_and_leave_staff_topics()
    {
        using var admin = await fixture.AdminAsync();
        await using var connection = await admin.ConnectAsync();
        await connection.InvokeAsync("JoinAdmins");
        await connection.InvokeAsync("JoinMaps");
        await connection.InvokeAsync("LeaveMaps");
        await connection.InvokeAsync("JoinPurchasing");
        await connection.InvokeAsync("LeavePurchasing");

        var (_, topic, _) = await admin.GetAsync("/api/admin/realtime/topics/admins");
        var (_, node, _) = await admin.GetAsync("/api/admin/realtime/node");
        Assert.Contains(node.GetProperty("nodeId").GetString(), topic.GetProperty("nodes").EnumerateArray().Select(n => n.GetString()));
    }

    [Fact]
    public async Task A_connection_without_a_valid_token_is_refused()
    {
        using var anonymous = fixture.Client();
        await Assert.ThrowsAsync<HttpRequestException>(() => anonymous.ConnectAsync());
        using var forged = fixture.Client().As("forged.token.value", "nobody");
        await Assert.ThrowsAsync<HttpRequestException>(() => forged.ConnectAsync());
    }

    [Fact]
    public async Task The_realtime_diagnostics_are_for_admins_only()
    {
        using var customer = await fixture.Client().RegisterAsync();
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await customer.GetAsync("/api/admin/realtime/node")).Status);
    }
}
