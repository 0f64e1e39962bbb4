using System.Net;
using OmniBiz.WebHost.Tests.Common;

namespace OmniBiz.WebHost.Tests.Hosting;

/// <summary>The node's own figures, read by operators and the load harness.</summary>
[Collection(NodeCollection.Name)]
public sealed class OperationsApiTests(NodeFixture fixture)
{
    [Fact]
    public async Task An_admin_reads_the_node_figures_and_can_ask_for_a_collection_first()
    {
        using var admin = await fixture.AdminAsync();
        await using var hub = await admin.ConnectAsync();

        var (status, plain, _) = await admin.GetAsync("/api/admin/metrics");
        var (collectedStatus, collected, _) = await admin.GetAsync("/api/admin/metrics?collect=true");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(HttpStatusCode.OK, collectedStatus);
        Assert.True(plain.GetProperty("workingSetBytes").GetInt64() > 0);
        Assert.True(collected.GetProperty("gcHeapBytes").GetInt64() > 0);
        Assert.True(collected.GetProperty("connections").GetInt32() >= 1);
        Assert.True(collected.GetProperty("cpuSeconds").GetDouble() > 0);
    }

    [Fact]
    public async Task Only_admins_may_read_them_and_a_bad_collect_value_is_a_bad_request()
    {
        using var customer = await fixture.Client().RegisterAsync();
        using var anonymous = fixture.Client();
        using var admin = await fixture.AdminAsync();

        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync("/api/admin/metrics?collect=true")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/admin/metrics")).Status);
        var (status, problem, contentType) = await admin.GetAsync("/api/admin/metrics?collect=perhaps");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("application/problem+json", contentType);
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Equal(["collect"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
    }
}
