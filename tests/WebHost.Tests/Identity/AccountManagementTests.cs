using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR.Client;
using MimeKit;
using OmniBiz.WebHost.Tests.Common;

namespace OmniBiz.WebHost.Tests.Identity;

/// <summary>Account management on a two-node cluster: what one node does, the other applies at once.</summary>
public sealed partial class AccountManagementTests(AccountsCluster cluster) : IClassFixture<AccountsCluster>
{
    private const string Password = "password-123";
    private static readonly TimeSpan MailTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task An_admin_finds_users_by_a_case_insensitive_prefix_of_email_or_display_name_and_by_role_page_by_page()
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        using var admin = await cluster.A.Client().LoginAsAdminAsync();
        using var ann = await cluster.A.Client().RegisterAsync($"ann-{tag}@example.com");
        using var bob = await cluster.B.Client().RegisterAsync($"bob-{tag}@example.com");
        using var cat = await cluster.B.Client().RegisterAsync($"cat-{tag}@example.com");
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(cat, HttpMethod.Patch, "/api/auth/me", new { displayName = $"Zora {tag}" })).Status);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync($"/api/users/{bob.UserId}/roles", new { roles = new[] { "staff" } })).Status);

        var byEmail = await ListAsync(admin, $"?search=ANN-{tag[..6].ToUpperInvariant()}");
        var found = Assert.Single(byEmail.GetProperty("items").EnumerateArray());
        Assert.Equal(ann.UserId, found.GetProperty("id").GetString());
        Assert.Equal($"ann-{tag}@example.com", found.GetProperty("email").GetString());
        Assert.Equal("Test User", found.GetProperty("displayName").GetString());
        Assert.Equal(["customer"], found.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.False(found.GetProperty("disabled").GetBoolean());
        Assert.True(found.TryGetProperty("createdAt", out _));

        // A prefix, not a substring: the tag sits inside every address but begins none.
        Assert.Empty((await ListAsync(admin, $"?search={tag}")).GetProperty("items").EnumerateArray());
        var byName = Assert.Single((await ListAsync(admin, $"?search=zora%20{tag}")).GetProperty("items").EnumerateArray());
        Assert.Equal(cat.UserId, byName.GetProperty("id").GetString());
        var staff = Assert.Single((await ListAsync(admin, $"?search=bob-{tag}&role=staff")).GetProperty("items").EnumerateArray());
        Assert.Equal(bob.UserId, staff.GetProperty("id").GetString());
        Assert.Empty((await ListAsync(admin, $"?search=ann-{tag}&role=staff")).GetProperty("items").EnumerateArray());

        // Wildcards in a search are matched as themselves.
        Assert.Empty((await ListAsync(admin, "?search=%25")).GetProperty("items").EnumerateArray());

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await ListAsync(admin, "?limit=2" + (cursor is null ? "" : $"&cursor={cursor}"));
            Assert.True(page.GetProperty("items").GetArrayLength() <= 2);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("id").GetString()!));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Contains(ann.UserId, seen);
        Assert.Contains(cat.UserId, seen);

        var (status, one, _) = await admin.GetAsync($"/api/users/{cat.UserId}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal($"Zora {tag}", one.GetProperty("displayName").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/users/{Guid.NewGuid():N}")).Status);
        var (badRole, problem, _) = await admin.GetAsync("/api/users?role=owner");
        Assert.Equal(HttpStatusCode.BadRequest, badRole);
        Assert.True(problem.GetProperty("errors").TryGetProperty("role", out _));
        Assert.Equal(HttpStatusCode.Forbidden, (await ann.GetAsync("/api/users")).Status);
    }

    [Fact]
    public async Task A_disabled_account_loses_its_hub_connection_on_the_other_node_its_token_and_its_sign_in_until_enabled()
    {
        var email = $"dis-{Guid.NewGuid():N}@example.com";
        using var admin = await cluster.A.Client().LoginAsAdminAsync();
        using var user = await cluster.B.Client().RegisterAsync(email);
        using var userOnA = cluster.A.Client().As(user.Token!, user.UserId!);
        await using var tab = await user.ConnectAsync();
        var closed = Closed(tab);
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/api/cart")).Status);

        var (status, disabled, _) = await admin.PostAsync($"/api/users/{user.UserId}/disable", new { });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(disabled.GetProperty("disabled").GetBoolean());

        await closed.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(HttpStatusCode.Unauthorized, (await user.GetAsync("/api/cart")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await userOnA.GetAsync("/api/auth/me")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await cluster.A.Client().PostAsync("/api/auth/refresh", new { refreshToken = user.RefreshToken })).Status);

        // The right password of a disabled account is answered exactly as a wrong one.
        var right = await cluster.B.Client().PostAsync("/api/auth/login", new { email, password = Password });
        var wrong = await cluster.B.Client().PostAsync("/api/auth/login", new { email = $"nobody-{Guid.NewGuid():N}@example.com", password = Password });
        Assert.Equal(HttpStatusCode.Unauthorized, right.Status);
        Assert.Equal(wrong.Status, right.Status);
        Assert.Equal(wrong.Body.GetProperty("title").GetString(), right.Body.GetProperty("title").GetString());
        Assert.Equal(wrong.Body.GetProperty("detail").GetString(), right.Body.GetProperty("detail").GetString());
        var listed = Assert.Single((await ListAsync(admin, $"?search={email}")).GetProperty("items").EnumerateArray());
        Assert.True(listed.GetProperty("disabled").GetBoolean());

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/users/{user.UserId}/enable", new { })).Status);
        using var again = await cluster.A.Client().LoginAsync(email, Password);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/api/cart")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await user.GetAsync("/api/cart")).Status); // the old token stays ended
        Assert.False((await admin.GetAsync($"/api/users/{user.UserId}")).Body.GetProperty("disabled").GetBoolean());
    }

    [Fact]
    public async Task The_last_enabled_admin_can_be_neither_disabled_nor_demoted()
    {
        using var admin = await cluster.A.Client().LoginAsAdminAsync();
        var adminId = admin.UserId!;

        var (disable, problem, _) = await admin.PostAsync($"/api/users/{adminId}/disable", new { });
        Assert.Equal(HttpStatusCode.Conflict, disable);
        Assert.Contains("last", problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PutAsync($"/api/users/{adminId}/roles", new { roles = new[] { "staff" } })).Status);

        // With a second admin, either may go; the one left may not.
        using var second = await cluster.B.Client().RegisterAsync();
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync($"/api/users/{second.UserId}/roles", new { roles = new[] { "admin" } })).Status);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/users/{second.UserId}/disable", new { })).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync($"/api/users/{adminId}/disable", new { })).Status);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/users/{second.UserId}/enable", new { })).Status);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync($"/api/users/{second.UserId}/roles", new { roles = new[] { "customer" } })).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PutAsync($"/api/users/{adminId}/roles", new { roles = new[] { "customer" } })).Status);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/auth/me")).Status);
    }

    [Fact]
    public async Task A_password_change_needs_the_current_password_and_ends_the_other_sessions_on_every_node()
    {
        var email = $"pw-{Guid.NewGuid():N}@example.com";
        using var here = await cluster.A.Client().RegisterAsync(email);
        using var elsewhere = await cluster.B.Client().LoginAsync(email, Password);
        await using var otherTab = await elsewhere.ConnectAsync();
        var otherClosed = Closed(otherTab);

        var (wrongStatus, wrong, _) = await here.PostAsync("/api/auth/password", new { currentPassword = "not-the-password", newPassword = "new-password-456" });
        Assert.Equal(HttpStatusCode.BadRequest, wrongStatus);
        Assert.True(wrong.GetProperty("errors").TryGetProperty("currentPassword", out _), wrong.ToString());
        Assert.Equal(HttpStatusCode.OK, (await elsewhere.GetAsync("/api/cart")).Status);

        var (changed, _, _) = await here.PostAsync("/api/auth/password", new { currentPassword = Password, newPassword = "new-password-456" });
        Assert.Equal(HttpStatusCode.NoContent, changed);

        await otherClosed.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(HttpStatusCode.Unauthorized, (await elsewhere.GetAsync("/api/cart")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await cluster.B.Client().PostAsync("/api/auth/refresh", new { refreshToken = elsewhere.RefreshToken })).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await cluster.B.Client().PostAsync("/api/auth/login", new { email, password = Password })).Status);
        using var withNew = await cluster.B.Client().LoginAsync(email, "new-password-456");

        // The session that made the change goes on: its refresh token still works and answers a current access token.
        var (refreshed, body, _) = await cluster.A.Client().PostAsync("/api/auth/refresh", new { refreshToken = here.RefreshToken });
        Assert.Equal(HttpStatusCode.OK, refreshed);
        here.Adopt(body);
        Assert.Equal(HttpStatusCode.OK, (await here.GetAsync("/api/cart")).Status);
    }

    [Fact]
    public async Task A_display_name_change_shows_in_the_profile_and_the_users_list()
    {
        using var admin = await cluster.A.Client().LoginAsAdminAsync();
        using var user = await cluster.B.Client().RegisterAsync();
        var (status, me, _) = await SendAsync(user, HttpMethod.Patch, "/api/auth/me", new { displayName = "  Ada Lovelace " });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Ada Lovelace", me.GetProperty("displayName").GetString());
        Assert.Equal("Ada Lovelace", (await user.GetAsync("/api/auth/me")).Body.GetProperty("displayName").GetString());
        Assert.Equal("Ada Lovelace", (await admin.GetAsync($"/api/users/{user.UserId}")).Body.GetProperty("displayName").GetString());
        var (blank, problem, _) = await SendAsync(user, HttpMethod.Patch, "/api/auth/me", new { displayName = "   " });
        Assert.Equal(HttpStatusCode.BadRequest, blank);
        Assert.True(problem.GetProperty("errors").TryGetProperty("displayName", out _), problem.ToString());
    }

    [Fact]
    public async Task A_mailed_reset_link_works_once_and_an_unknown_address_gets_the_same_202_and_no_mail()
    {
        var email = $"reset-{Guid.NewGuid():N}@example.com";
        var unknown = $"unknown-{Guid.NewGuid():N}@example.com";
        using var user = await cluster.A.Client().RegisterAsync(email);
        await using var tab = await user.ConnectAsync();
        var closed = Closed(tab);

        // The unknown address is asked first, on the same node: had it been mailed, that mail would come first.
        var forUnknown = await RawPostAsync(cluster.A, "/api/auth/password-reset", new { email = unknown });
        var forKnown = await RawPostAsync(cluster.A, "/api/auth/password-reset", new { email = email.ToUpperInvariant() });
        Assert.Equal(HttpStatusCode.Accepted, forUnknown.Status);
        Assert.Equal(forUnknown.Status, forKnown.Status);
        Assert.Equal(forUnknown.Body, forKnown.Body);

        var mail = await cluster.Smtp.NextToAsync(email, MailTimeout);
        Assert.DoesNotContain(cluster.Smtp.Messages, m => m.To.Mailboxes.Any(a => string.Equals(a.Address, unknown, StringComparison.OrdinalIgnoreCase)));
        var (link, token) = LinkIn(mail);
        Assert.StartsWith("https://app.omnibiz.example/reset-password?token=", link, StringComparison.Ordinal);

        var (used, _, _) = await cluster.B.Client().PostAsync("/api/auth/password-reset/confirm", new { token, newPassword = "reset-password-789" });
        Assert.Equal(HttpStatusCode.NoContent, used);
        await closed.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(HttpStatusCode.Unauthorized, (await user.GetAsync("/api/cart")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await cluster.A.Client().PostAsync("/api/auth/login", new { email, password = Password })).Status);
        using var signedIn = await cluster.A.Client().LoginAsync(email, "reset-password-789");

        var (again, problem, _) = await cluster.A.Client().PostAsync("/api/auth/password-reset/confirm", new { token, newPassword = "another-password-000" });
        Assert.Equal(HttpStatusCode.BadRequest, again);
        Assert.True(problem.GetProperty("errors").TryGetProperty("token", out _), problem.ToString());
        var (madeUp, _, _) = await cluster.A.Client().PostAsync("/api/auth/password-reset/confirm", new { token = token[..^4] + "AAAA", newPassword = "another-password-000" });
        Assert.Equal(HttpStatusCode.BadRequest, madeUp);
        using var stillNew = await cluster.B.Client().LoginAsync(email, "reset-password-789");
    }

    [Fact]
    public async Task An_expired_reset_link_is_refused_and_changes_nothing()
    {
        var email = $"expired-{Guid.NewGuid():N}@example.com";
        using var user = await cluster.B.Client().RegisterAsync(email);

        // Node B's links last a millisecond: by the time the mail arrives, this one has expired.
        Assert.Equal(HttpStatusCode.Accepted, (await cluster.B.Client().PostAsync("/api/auth/password-reset", new { email })).Status);
        var (_, token) = LinkIn(await cluster.Smtp.NextToAsync(email, MailTimeout));

        var (status, problem, _) = await cluster.A.Client().PostAsync("/api/auth/password-reset/confirm", new { token, newPassword = "reset-password-789" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(problem.GetProperty("errors").TryGetProperty("token", out _), problem.ToString());
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/api/cart")).Status);
        using var unchanged = await cluster.A.Client().LoginAsync(email, Password);
    }

    [Fact]
    public async Task A_disabled_account_is_mailed_no_reset_link()
    {
        var email = $"disreset-{Guid.NewGuid():N}@example.com";
        var marker = $"marker-{Guid.NewGuid():N}@example.com";
        using var admin = await cluster.A.Client().LoginAsAdminAsync();
        using var user = await cluster.A.Client().RegisterAsync(email);
        using var other = await cluster.A.Client().RegisterAsync(marker);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/users/{user.UserId}/disable", new { })).Status);

        Assert.Equal(HttpStatusCode.Accepted, (await cluster.A.Client().PostAsync("/api/auth/password-reset", new { email })).Status);
        Assert.Equal(HttpStatusCode.Accepted, (await cluster.A.Client().PostAsync("/api/auth/password-reset", new { email = marker })).Status);
        await cluster.Smtp.NextToAsync(marker, MailTimeout);
        Assert.DoesNotContain(cluster.Smtp.Messages, m => m.To.Mailboxes.Any(a => string.Equals(a.Address, email, StringComparison.OrdinalIgnoreCase)));
    }

    private static (string Link, string Token) LinkIn(MimeMessage mail)
    {
        var match = ResetLink().Match(mail.TextBody ?? "");
        Assert.True(match.Success, mail.TextBody);
        return (match.Value, Uri.UnescapeDataString(match.Groups[1].Value));
    }

    [GeneratedRegex(@"\S+/reset-password\?token=(\S+)")]
    private static partial Regex ResetLink();

    private static async Task<JsonElement> ListAsync(ApiClient admin, string query)
    {
        var (status, body, _) = await admin.GetAsync("/api/users" + query);
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        return body;
    }

    private static Task<(HttpStatusCode Status, JsonElement Body, string? ContentType)> SendAsync(ApiClient client, HttpMethod method, string path, object body) =>
        client.SendAsync(method, path, body);

    private static async Task<(HttpStatusCode Status, string Body)> RawPostAsync(NodeProcess node, string path, object body)
    {
        using var http = new HttpClient { BaseAddress = node.Address };
        using var response = await http.PostAsync(path, new StringContent(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json"));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
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
