using System.Text.Json;
using OmniBiz.WebHost.Tests.Common;

namespace OmniBiz.Dashboard.Tests;

/// <summary>Accounts and data the browser tests set up over REST, as another client of the public contract would.</summary>
public static class People
{
    public const string Password = "password-123";

    public static string NewEmail(string who) => $"{who}-{Guid.NewGuid():N}@omnibiz.test";

    /// <summary>A registered customer: its e-mail and an API client signed in as it.</summary>
    public static async Task<(string Email, ApiClient Client)> CustomerAsync(BrowserFixture fixture, string who = "customer")
    {
        var email = NewEmail(who);
        var client = await fixture.Client().RegisterAsync(email, Password);
        return (email, client);
    }

    /// <summary>A registered user made staff by the admin.</summary>
    public static async Task<(string Email, ApiClient Client)> StaffAsync(BrowserFixture fixture, string who = "staff")
    {
        var (email, client) = await CustomerAsync(fixture, who);
        using var admin = await fixture.Client().LoginAsAdminAsync();
        var (status, body, _) = await admin.PutAsync($"/api/users/{client.UserId}/roles", new { roles = new[] { "staff" } });
        Assert.True((int)status < 300, body.ToString());
        client.Dispose();
        return (email, await fixture.Client().LoginAsync(email, Password));
    }

    public static string Id(JsonElement body) => body.GetProperty("id").GetString()!;
}
