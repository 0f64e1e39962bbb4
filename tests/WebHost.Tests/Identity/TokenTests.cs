using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using OmniBiz.Tests.Shared;
using OmniBiz.WebHost.Tests.Common;

namespace OmniBiz.WebHost.Tests.Identity;

/// <summary>Each token does one job: device tokens, short-lived access tokens, rotating refresh tokens, sign-in lockout.</summary>
[Collection(NodeCollection.Name)]
public sealed class TokenTests(NodeFixture fixture)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private async Task<(string VehicleId, ApiClient Device)> NewDeviceAsync(ApiClient staff)
    {
        var (_, vehicle, _) = await staff.PostAsync("/api/fleet/vehicles", new { name = "Van", plate = "TK-01" });
        var vehicleId = vehicle.GetProperty("id").GetString()!;
        var (_, token, _) = await staff.PostAsync($"/api/fleet/vehicles/{vehicleId}/device-token", new { });
        return (vehicleId, fixture.Client().As(token.GetProperty("token").GetString()!, $"device:{vehicleId}"));
    }

    private static object Ping() => new { pings = new[] { new { lat = 52.37, lng = 4.89, recordedAt = DateTimeOffset.UtcNow } } };

    [Fact]
    public async Task A_device_token_is_refused_everywhere_but_its_own_vehicles_pings()
    {
        using var admin = await fixture.AdminAsync();
        var (_, device) = await NewDeviceAsync(admin);
        var productId = await admin.CreateProductAsync();

        var refusals = new List<(string What, HttpStatusCode Status, string? ContentType)>();
        async Task Check(string what, Task<(HttpStatusCode Status, JsonElement Body, string? ContentType)> call)
        {
            var (status, _, contentType) = await call;
            refusals.Add((what, status, contentType));
        }

        await Check("cart", device.GetAsync("/api/cart"));
        await Check("add to cart", device.PostAsync("/api/cart/items", new { productId, quantity = 1 }));
        await Check("orders", device.GetAsync("/api/orders"));
        await Check("place order", device.PostAsync("/api/orders", new { shippingAddress = "1 Road", items = new[] { new { productId, quantity = 1 } } }));
        await Check("conversations", device.GetAsync("/api/messages/conversations"));
        await Check("send message", device.PostAsync("/api/messages/send", new { conversationId = "x", text = "hi", clientMessageId = "d1" }));
        await Check("tickets", device.GetAsync("/api/support/tickets"));
        await Check("open ticket", device.PostAsync("/api/support/tickets", new { subject = "help", message = "please" }));
        await Check("me", device.GetAsync("/api/auth/me"));
        await Check("vehicles (staff)", device.GetAsync("/api/fleet/vehicles"));
        await Check("deliveries", device.GetAsync("/api/deliveries"));
        using var upload = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes("hello")) { Headers = { ContentType = new MediaTypeHeaderValue("text/plain") } }, "file", "note.txt" } };
        using var uploadRequest = new HttpRequestMessage(HttpMethod.Post, "/api/messages/attachments") { Content = upload };
        uploadRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", device.Token);
        await Check("upload", device.SendAsync(uploadRequest));

        Assert.All(refusals, r => Assert.True(r.Status == HttpStatusCode.Forbidden && r.ContentType == "application/problem+json", $"{r.What}: {(int)r.Status} {r.ContentType}"));
        var hub = await Assert.ThrowsAsync<HttpRequestException>(() => device.ConnectAsync());
        Assert.Equal(HttpStatusCode.Forbidden, hub.StatusCode);

        Assert.Equal(HttpStatusCode.Accepted, (await device.PostAsync("/api/fleet/pings", Ping())).Status);
    }

    [Fact]
    public async Task A_revoked_or_replaced_device_token_is_refused_at_its_next_request()
    {
        using var admin = await fixture.AdminAsync();
        var (vehicleId, device) = await NewDeviceAsync(admin);
        Assert.Equal(HttpStatusCode.Accepted, (await device.PostAsync("/api/fleet/pings", Ping())).Status);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/fleet/vehicles/{vehicleId}/device-token")).Status);
        var (status, problem, contentType) = await device.PostAsync("/api/fleet/pings", Ping());
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("application/problem+json", contentType);
        Assert.Contains("revoked", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await device.GetAsync("/api/cart")).Status);

        var (_, token, _) = await admin.PostAsync($"/api/fleet/vehicles/{vehicleId}/device-token", new { });
        using var replacement = fixture.Client().As(token.GetProperty("token").GetString()!, $"device:{vehicleId}");
        Assert.Equal(HttpStatusCode.Accepted, (await replacement.PostAsync("/api/fleet/pings", Ping())).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await device.PostAsync("/api/fleet/pings", Ping())).Status);
    }

    [Fact]
    public async Task Access_tokens_last_fifteen_minutes_and_sign_in_answers_a_refresh_token()
    {
        using var user = await fixture.Client().RegisterAsync();
        Assert.False(string.IsNullOrEmpty(user.RefreshToken));
        var claims = Claims(user.Token!);
        Assert.Equal(15 * 60, claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64());
        Assert.False(string.IsNullOrEmpty(claims.GetProperty("sst").GetString()));
    }

    [Fact]
    public async Task A_refresh_token_works_once_and_reusing_a_spent_one_ends_its_session_only()
    {
        var email = $"refresh-{Guid.NewGuid():N}@example.com";
        using var user = await fixture.Client().RegisterAsync(email);
        using var otherDevice = await fixture.Client().LoginAsync(email, "password-123");
        var first = user.RefreshToken!;

        var (status, body, _) = await user.PostAsync("/api/auth/refresh", new { refreshToken = first });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(user.UserId, body.GetProperty("user").GetProperty("id").GetString());
        var second = body.GetProperty("refreshToken").GetString()!;
        Assert.NotEqual(first, second);
        user.Adopt(body);
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/api/auth/me")).Status);

        // The spent token again: whoever holds it, the chain is compromised and ends, its newest token too.
        var (reused, problem, contentType) = await user.PostAsync("/api/auth/refresh", new { refreshToken = first });
        Assert.Equal(HttpStatusCode.Unauthorized, reused);
        Assert.Equal("application/problem+json", contentType);
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
        Assert.Equal(HttpStatusCode.Unauthorized, (await user.PostAsync("/api/auth/refresh", new { refreshToken = second })).Status);

        // Another sign-in of the same account is another session and keeps working.
        var (other, otherBody, _) = await otherDevice.PostAsync("/api/auth/refresh", new { refreshToken = otherDevice.RefreshToken });
        Assert.Equal(HttpStatusCode.OK, other);
        Assert.NotEqual(otherDevice.RefreshToken, otherBody.GetProperty("refreshToken").GetString());

        foreach (var junk in new[] { "", "not-a-token", $"{user.UserId}.{Guid.NewGuid():N}.{new string('A', 43)}", new string('x', 5000) })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await user.PostAsync("/api/auth/refresh", new { refreshToken = junk })).Status);
        }
    }

    [Fact]
    public async Task Logout_ends_the_session_of_its_refresh_token()
    {
        using var user = await fixture.Client().RegisterAsync();
        var token = user.RefreshToken!;

        Assert.Equal(HttpStatusCode.NoContent, (await user.PostAsync("/api/auth/logout", new { refreshToken = token })).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await user.PostAsync("/api/auth/refresh", new { refreshToken = token })).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await user.PostAsync("/api/auth/logout", new { refreshToken = token })).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await user.PostAsync("/api/auth/logout", new { refreshToken = "junk" })).Status);
    }

    [Fact]
    public async Task Demoting_a_staff_member_ends_their_tokens_at_the_next_request_and_closes_their_hub_connection()
    {
        var email = $"staff-{Guid.NewGuid():N}@example.com";
        using var admin = await fixture.AdminAsync();
        using var registered = await fixture.Client().RegisterAsync(email);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync($"/api/users/{registered.UserId}/roles", new { roles = new[] { "staff" } })).Status);
        using var staff = await fixture.Client().LoginAsync(email, "password-123");
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("/api/fleet/vehicles")).Status);
        await using var tab = await staff.ConnectAsync();
        await tab.InvokeAsync("JoinMaps");
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        tab.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };

        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync($"/api/users/{staff.UserId}/roles", new { roles = new[] { "customer" } })).Status);

        var (status, _, contentType) = await staff.GetAsync("/api/fleet/vehicles");
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("application/problem+json", contentType);
        Assert.Equal(HttpStatusCode.Unauthorized, (await staff.PostAsync("/api/auth/refresh", new { refreshToken = staff.RefreshToken })).Status);
        await closed.Task.WaitAsync(Wait);

        // Signed in again, the account holds its new role only.
        using var again = await fixture.Client().LoginAsync(email, "password-123");
        Assert.Equal(HttpStatusCode.Forbidden, (await again.GetAsync("/api/fleet/vehicles")).Status);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/api/cart")).Status);
    }

    [Fact]
    public async Task Repeated_wrong_passwords_lock_the_account_with_429_and_Retry_After_until_the_lockout_ends()
    {
        var email = $"lock-{Guid.NewGuid():N}@example.com";
        using var _ = await fixture.Client().RegisterAsync(email, "right-password");
        using var http = new HttpClient { BaseAddress = fixture.Node.Address };

        for (var i = 0; i < 5; i++)
        {
            using var wrong = await http.PostAsJsonAsync("/api/auth/login", new { email, password = "wrong-password" });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        var lockedAt = Stopwatch.StartNew();
        using (var locked = await http.PostAsJsonAsync("/api/auth/login", new { email, password = "right-password" }))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
            Assert.Equal("application/problem+json", locked.Content.Headers.ContentType?.MediaType);
            var retryAfter = locked.Headers.RetryAfter?.Delta;
            Assert.NotNull(retryAfter);
            Assert.InRange(retryAfter.Value.TotalSeconds, 1, NodeFixture.LockoutSeconds);
        }

        var status = await Eventually.UntilAsync(
            async () =>
            {
                using var attempt = await http.PostAsJsonAsync("/api/auth/login", new { email, password = "right-password" });
                return attempt.StatusCode;
            },
            s => s != HttpStatusCode.TooManyRequests,
            Wait,
            "the lockout to end");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(lockedAt.Elapsed > TimeSpan.FromSeconds(NodeFixture.LockoutSeconds - 1), "The lockout ended early.");
    }

    [Fact]
    public async Task An_over_long_address_is_refused_before_any_grain_is_asked()
    {
        using var client = fixture.Client();
        var normal = $"normal-{Guid.NewGuid():N}@example.com";
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/api/auth/login", new { email = normal, password = "password-123" })).Status);
        var email = new string('a', 300) + "@example.com";
        var (status, problem, _) = await client.PostAsync("/api/auth/login", new { email, password = "password-123" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(problem.GetProperty("errors").TryGetProperty("email", out _));

        var grains = fixture.Node.Services.GetRequiredService<IGrainFactory>();
        var activations = await grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        Assert.Contains(activations, a => a.GrainId.ToString().Contains(normal, StringComparison.Ordinal)); // the probe sees index grains
        Assert.DoesNotContain(activations, a => a.GrainId.ToString().Contains(email, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Signing_in_with_an_unknown_address_takes_about_as_long_as_with_a_known_one()
    {
        var email = $"timing-{Guid.NewGuid():N}@example.com";
        using var _ = await fixture.Client().RegisterAsync(email, "right-password");
        using var http = new HttpClient { BaseAddress = fixture.Node.Address };

        async Task<double> TimeAsync(string address, string password, HttpStatusCode expected)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await http.PostAsJsonAsync("/api/auth/login", new { email = address, password });
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            Assert.Equal(expected, response.StatusCode);
            return elapsed;
        }

        await TimeAsync(email, "right-password", HttpStatusCode.OK);
        await TimeAsync($"warm-{Guid.NewGuid():N}@example.com", "right-password", HttpStatusCode.Unauthorized);
        var known = new List<double>();
        var unknown = new List<double>();
        for (var i = 0; i < 7; i++)
        {
            known.Add(await TimeAsync(email, "right-password", HttpStatusCode.OK));
            unknown.Add(await TimeAsync($"nobody-{Guid.NewGuid():N}@example.com", "right-password", HttpStatusCode.Unauthorized));
        }

        var knownMedian = known.Order().ElementAt(known.Count / 2);
        var unknownMedian = unknown.Order().ElementAt(unknown.Count / 2);
        Assert.True(unknownMedian >= knownMedian * 0.5, $"unknown {unknownMedian:0.0} ms vs known {knownMedian:0.0} ms");
    }

    private static JsonElement Claims(string jwt)
    {
        var payload = jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
        return JsonSerializer.Deserialize<JsonElement>(Convert.FromBase64String(payload));
    }
}
