using System.Net;
using OmniBiz.WebHost.Tests.Common;

namespace OmniBiz.WebHost.Tests.Identity;

[Collection(NodeCollection.Name)]
public sealed class IdentityApiTests(NodeFixture fixture)
{
    [Fact]
    public async Task Register_then_login_and_me_return_the_same_customer()
    {
        var email = $"Mixed.Case-{Guid.NewGuid():N}@Example.com";
        using var registered = await fixture.Client().RegisterAsync(email, "s3cret-pass");
        using var client = fixture.Client();
        await client.LoginAsync(email.ToUpperInvariant(), "s3cret-pass");

        var (status, me, _) = await client.GetAsync("/api/auth/me");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(registered.UserId, me.GetProperty("id").GetString());
        Assert.Equal(email.ToLowerInvariant(), me.GetProperty("email").GetString());
        Assert.Equal("customer", Assert.Single(me.GetProperty("roles").EnumerateArray()).GetString());
    }

    [Fact]
    public async Task A_wrong_password_or_unknown_address_is_401_problem_details()
    {
        var email = $"pw-{Guid.NewGuid():N}@example.com";
        using var _ = await fixture.Client().RegisterAsync(email, "right-password");
        using var client = fixture.Client();

        foreach (var (address, password) in new[] { (email, "wrong-password"), ($"nobody-{Guid.NewGuid():N}@example.com", "right-password") })
        {
            var (status, body, contentType) = await client.PostAsync("/api/auth/login", new { email = address, password });
            Assert.Equal(HttpStatusCode.Unauthorized, status);
            Assert.Equal("application/problem+json", contentType);
            Assert.Equal(401, body.GetProperty("status").GetInt32());
        }
    }

    [Fact]
    public async Task Twenty_concurrent_registrations_of_one_address_create_one_user()
    {
        var email = $"race-{Guid.NewGuid():N}@example.com";
        using var client = fixture.Client();
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            client.PostAsync("/api/auth/register", new { email, password = "password-123", displayName = "Racer" })));

        Assert.Single(results, r => r.Status == HttpStatusCode.Created);
        Assert.Equal(19, results.Count(r => r.Status == HttpStatusCode.Conflict));
    }

    [Fact]
    public async Task Only_an_admin_may_change_roles_and_the_new_role_opens_staff_endpoints()
    {
        var email = $"promoted-{Guid.NewGuid():N}@example.com";
        using var customer = await fixture.Client().RegisterAsync(email);
        using var admin = await fixture.AdminAsync();

        Assert.Equal(HttpStatusCode.Forbidden, (await customer.PutAsync($"/api/users/{customer.UserId}/roles", new { roles = new[] { "admin" } })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.PostAsync("/api/products", new { name = "x", price = 1, stock = 1 })).Status);

        var (status, body, _) = await admin.PutAsync($"/api/users/{customer.UserId}/roles", new { roles = new[] { "staff" } });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("staff", Assert.Single(body.GetProperty("roles").EnumerateArray()).GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PutAsync("/api/users/no-such-user/roles", new { roles = new[] { "staff" } })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutAsync($"/api/users/{customer.UserId}/roles", new { roles = new[] { "wizard" } })).Status);

        // Roles travel in the token: a role change ends the old token, and signing in again picks up the new role.
        Assert.Equal(HttpStatusCode.Unauthorized, (await customer.GetAsync("/api/auth/me")).Status);
        using var staff = await fixture.Client().LoginAsync(email, "password-123");
        Assert.Equal(HttpStatusCode.Created, (await staff.PostAsync("/api/products", new { name = "Staff item", price = 1, stock = 1 })).Status);
    }

    [Fact]
    public async Task Registering_a_taken_address_is_409()
    {
        var email = $"taken-{Guid.NewGuid():N}@example.com";
        using var _ = await fixture.Client().RegisterAsync(email);
        using var client = fixture.Client();
        var (status, body, _) = await client.PostAsync("/api/auth/register", new { email, password = "password-123", displayName = "Again" });
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("already exists", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
