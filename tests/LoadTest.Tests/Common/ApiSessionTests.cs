using System.Net;
using OmniBiz.LoadTest.Common;
using OmniBiz.LoadTest.Reporting;
using OmniBiz.WebHost.Tests.Common;

namespace OmniBiz.LoadTest.Tests.Common;

/// <summary>A harness session outlives its short-lived access token.</summary>
[Collection(NodeCollection.Name)]
public sealed class ApiSessionTests(NodeFixture fixture)
{
    [Fact]
    public async Task A_rejected_access_token_is_renewed_once_with_the_refresh_token_and_the_request_sent_again()
    {
        using var http = new HttpClient();
        var metrics = new Metrics();
        var session = new ApiSession(http, fixture.Node.Address, metrics);
        await session.RegisterAsync($"harness-{Guid.NewGuid():N}@example.com", "password-123");
        var userId = session.UserId!;

        // Stands in for an access token that expired mid-run.
        session.Adopt("expired.access.token", userId);
        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => session.SendAsync("me", HttpMethod.Get, "/api/auth/me")));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.NotEqual("expired.access.token", session.Token);
        Assert.Empty(metrics.Errors);
        Assert.Equal(1, metrics.Operations.Single(o => o.Name == "refresh").Count); // one renewal for all four
        Assert.Equal(HttpStatusCode.OK, (await session.SendAsync("me", HttpMethod.Get, "/api/auth/me")).Status);
    }
}
