using System.Net;
using Microsoft.AspNetCore.SignalR.Client;

namespace OmniBiz.WebHost.Tests.Identity;

/// <summary>Revocations made through one node apply at the next request on the other node too.</summary>
public sealed class TwoNodeRevocationTests(TwoNodeCluster cluster) : IClassFixture<TwoNodeCluster>
{
    private static object Ping() => new { pings = new[] { new { lat = 52.37, lng = 4.89, recordedAt = DateTimeOffset.UtcNow } } };

    [Fact]
    public async Task A_device_token_revoked_through_node_A_is_refused_at_the_next_request_on_both_nodes_though_both_cached_its_verdict()
    {
        // Both nodes validate the token once and keep the verdict (CachingTokenHandler); revocation is not part of it:
        // the vehicle grain checks the token id on every batch, so the next ping on either node is refused.
        using var admin = await cluster.A.Client().LoginAsAdminAsync();
        var (_, vehicle, _) = await admin.PostAsync("/api/fleet/vehicles", new { name = "Van", plate = "TN-02" });
        var vehicleId = vehicle.GetProperty("id").GetString()!;
        var token = (await admin.PostAsync($"/api/fleet/vehicles/{vehicleId}/device-token", new { })).Body.GetProperty("token").GetString()!;
        using var onA = cluster.A.Client().As(token, $"device:{vehicleId}");
        using var onB = cluster.B.Client().As(token, $"device:{vehicleId}");
        Assert.Equal(HttpStatusCode.Accepted, (await onA.PostAsync("/api/fleet/pings", Ping())).Status);
        Assert.Equal(HttpStatusCode.Accepted, (await onB.PostAsync("/api/fleet/pings", Ping())).Status);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/fleet/vehicles/{vehicleId}/device-token")).Status);

        foreach (var device in new[] { onB, onA })
        {
            var (status, _, contentType) = await device.PostAsync("/api/fleet/pings", Ping());
            Assert.Equal(HttpStatusCode.Forbidden, status);
            Assert.Equal("application/problem+json", contentType);
        }
    }

    [Fact]
    public async Task A_staff_member_demoted_through_node_A_is_signed_out_at_the_next_request_and_hub_on_both_nodes()
    {
        var email = $"staff-{Guid.NewGuid():N}@example.com";
        using var admin = await cluster.A.Client().LoginAsAdminAsync();
        using var registered = await cluster.A.Client().RegisterAsync(email);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync($"/api/users/{registered.UserId}/roles", new { roles = new[] { "staff" } })).Status);
        using var staffOnA = await cluster.A.Client().LoginAsync(email, "password-123");
        using var staffOnB = cluster.B.Client().As(staffOnA.Token!, staffOnA.UserId!);
        Assert.Equal(HttpStatusCode.OK, (await staffOnA.GetAsync("/api/fleet/vehicles")).Status);
        Assert.Equal(HttpStatusCode.OK, (await staffOnB.GetAsync("/api/fleet/vehicles")).Status);
        await using var tabOnA = await staffOnA.ConnectAsync();
        await using var tabOnB = await staffOnB.ConnectAsync();
        var closedA = Closed(tabOnA);
        var closedB = Closed(tabOnB);

        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync($"/api/users/{staffOnA.UserId}/roles", new { roles = new[] { "customer" } })).Status);

        Assert.Equal(HttpStatusCode.Unauthorized, (await staffOnB.GetAsync("/api/fleet/vehicles")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await staffOnA.GetAsync("/api/fleet/vehicles")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await staffOnB.GetAsync("/api/cart")).Status);
        await Task.WhenAll(closedA, closedB).WaitAsync(TimeSpan.FromSeconds(15));

        using var again = await cluster.B.Client().LoginAsync(email, "password-123");
        Assert.Equal(HttpStatusCode.Forbidden, (await again.GetAsync("/api/fleet/vehicles")).Status);
        var (status, body, _) = await again.GetAsync("/api/auth/me");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["customer"], body.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    private static Task Closed(HubConnection connection)
    {
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        return closed.Task;
    }
}
