using System.Net;
using OmniBiz.WebHost.Tests.Common;

namespace OmniBiz.WebHost.Tests.Limits;

[Collection(EdgeNodeCollection.Name)]
public sealed class ClientAddressLimitTests(EdgeNodeFixture fixture)
{
    [Fact]
    public async Task Sign_in_attempts_from_one_address_over_the_limit_are_429_even_with_the_right_password()
    {
        using var client = fixture.Client();
        for (var i = 0; i < EdgeNodeFixture.Logins; i++)
        {
            using var wrong = await Limited.PostAsync(client, "/api/auth/login", new { email = $"nobody-{i}@example.com", password = "wrong-password" });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var refused = await Limited.PostAsync(client, "/api/auth/login", new { email = TestNode.AdminEmail, password = TestNode.AdminPassword });
        var (_, retryAfter) = await Limited.AssertRateLimitedAsync(refused);
        Assert.True(retryAfter <= TimeSpan.FromMinutes(10), $"Retry-After {retryAfter}");
    }

    [Fact]
    public async Task Registrations_from_one_address_over_the_limit_are_429()
    {
        using var client = fixture.Client();
        for (var i = 0; i < EdgeNodeFixture.Registrations; i++)
        {
            using var created = await Limited.PostAsync(client, "/api/auth/register", new { email = $"edge-{Guid.NewGuid():N}@example.com", password = "password-123", displayName = "Edge" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        using var refused = await Limited.PostAsync(client, "/api/auth/register", new { email = $"edge-{Guid.NewGuid():N}@example.com", password = "password-123", displayName = "Edge" });
        await Limited.AssertRateLimitedAsync(refused);
    }
}
