using System.Net;
using OmniBiz.WebHost.Tests.Common;

namespace OmniBiz.WebHost.Tests.Limits;

[Collection(EdgeNodeCollection.Name)]
public sealed class ClientAddressLimitTests(EdgeNodeFixture fixture)
{
    [Fact]
    public async Task Sign_in_and_password_reset_attempts_from_one_address_share_one_budget_and_over_it_are_429_even_with_the_right_password()
    {
        using var client = fixture.Client();
        using var wrong = await Limited.PostAsync(client, "/api/auth/login", new { email = "nobody@example.com", password = "wrong-password" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        using var reset = await Limited.PostAsync(client, "/api/auth/password-reset", new { email = "nobody@example.com" });
        Assert.Equal(HttpStatusCode.Accepted, reset.StatusCode);
        using var guessed = await Limited.PostAsync(client, "/api/auth/password-reset/confirm", new { token = "guessed", newPassword = "password-123" });
        Assert.Equal(HttpStatusCode.BadRequest, guessed.StatusCode);
        Assert.Equal(3, EdgeNodeFixture.Logins);

        using var refused = await Limited.PostAsync(client, "/api/auth/login", new { email = TestNode.AdminEmail, password = TestNode.AdminPassword });
        var (_, retryAfter) = await Limited.AssertRateLimitedAsync(refused);
        Assert.True(retryAfter <= TimeSpan.FromMinutes(10), $"Retry-After {retryAfter}");
        using var resetRefused = await Limited.PostAsync(client, "/api/auth/password-reset", new { email = "nobody@example.com" });
        await Limited.AssertRateLimitedAsync(resetRefused);
        using var confirmRefused = await Limited.PostAsync(client, "/api/auth/password-reset/confirm", new { token = "guessed", newPassword = "password-123" });
        await Limited.AssertRateLimitedAsync(confirmRefused);
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
