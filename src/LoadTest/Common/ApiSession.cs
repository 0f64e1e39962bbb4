using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using OmniBiz.LoadTest.Reporting;

namespace OmniBiz.LoadTest.Common;

/// <summary>One simulated user on one node: signs in once and reuses the token (renewing it when it expires), timing every call it makes.</summary>
public sealed class ApiSession(HttpClient http, Uri node, Metrics metrics)
{
    public Uri Node => node;

    public string? Token { get; private set; }

    public string? UserId { get; private set; }

    /// <summary>Renews <see cref="Token"/> when it expires (null for device tokens and servers that have none).</summary>
    public string? RefreshToken { get; private set; }

    private readonly SemaphoreSlim _renew = new(1, 1);

    public async Task RegisterAsync(string email, string password)
    {
        var (status, body) = await SendAsync("register", HttpMethod.Post, "/api/auth/register", new { email, password, displayName = email.Split('@')[0] });
        if (status != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Registering {email} answered {(int)status}: {body}");
        }

        Adopt(body);
    }

    public async Task LoginAsync(string email, string password)
    {
        var (status, body) = await SendAsync("login", HttpMethod.Post, "/api/auth/login", new { email, password });
        if (status != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"Signing in as {email} answered {(int)status}. Start the server with OmniBiz__Admin__Email/Password set to the harness's --admin-email/--admin-password.");
        }

        Adopt(body);
    }

    /// <summary>
    /// Sends a request, records its latency under <paramref name="operation"/>, and counts non-2xx answers as errors by
    /// status. An access token that has expired (they last minutes) is renewed with the refresh token and the request
    /// sent once more; the renewal is timed as an operation of its own.
    /// </summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(string operation, HttpMethod method, string path, object? json = null, string? idempotencyKey = null, params HttpStatusCode[] expected)
    {
        var usedToken = Token;
        var answer = await SendOnceAsync(method, path, json, idempotencyKey);
        if (answer.Status == HttpStatusCode.Unauthorized && RefreshToken is not null && await RenewAsync(usedToken))
        {
            answer = await SendOnceAsync(method, path, json, idempotencyKey);
        }

        return Count(operation, answer, expected);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body, TimeSpan Elapsed, string? Failure)> SendOnceAsync(HttpMethod method, string path, object? json, string? idempotencyKey)
    {
        using var request = new HttpRequestMessage(method, new Uri(node, path));
        if (json is not null)
        {
            request.Content = JsonContent.Create(json);
        }

        if (Token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var elapsed = Stopwatch.GetElapsedTime(started);
            var body = text.Length > 0 && response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true
                ? JsonSerializer.Deserialize<JsonElement>(text)
                : default;
            return (response.StatusCode, body, elapsed, null);
        }
        catch (HttpRequestException e)
        {
            return (0, default, Stopwatch.GetElapsedTime(started), e.HttpRequestError.ToString());
        }
        catch (TaskCanceledException)
        {
            return (0, default, Stopwatch.GetElapsedTime(started), "timeout");
        }
    }

    private (HttpStatusCode Status, JsonElement Body) Count(string operation, (HttpStatusCode Status, JsonElement Body, TimeSpan Elapsed, string? Failure) answer, HttpStatusCode[] expected)
    {
        if (answer.Failure is not null)
        {
            metrics.Error($"{operation}:{answer.Failure}");
            return (0, default);
        }

        metrics.Record(operation, answer.Elapsed);
        if (!IsSuccess(answer.Status) && !expected.Contains(answer.Status))
        {
            metrics.Error($"{operation}:{(int)answer.Status}");
        }

        return (answer.Status, answer.Body);
    }

    private static bool IsSuccess(HttpStatusCode status) => (int)status is >= 200 and < 300;

    /// <summary>Spends the refresh token once for all callers that saw the same expired access token.</summary>
    private async Task<bool> RenewAsync(string? expiredToken)
    {
        await _renew.WaitAsync();
        try
        {
            if (Token != expiredToken)
            {
                return true; // another request of this session renewed it meanwhile
            }

            var answer = Count("refresh", await SendOnceAsync(HttpMethod.Post, "/api/auth/refresh", new { refreshToken = RefreshToken }, null), []);
            if (answer.Status != HttpStatusCode.OK)
            {
                return false;
            }

            Adopt(answer.Body);
            return true;
        }
        finally
        {
            _renew.Release();
        }
    }

    /// <summary>The node's own figures; <paramref name="collect"/> asks it to collect garbage first, so heap sizes compare.</summary>
    public async Task<ServerSample?> ServerSampleAsync(bool collect = false)
    {
        var (status, body) = await SendAsync("metrics", HttpMethod.Get, collect ? "/api/admin/metrics?collect=true" : "/api/admin/metrics");
        return status == HttpStatusCode.OK ? body.Deserialize<ServerSample>(new JsonSerializerOptions(JsonSerializerDefaults.Web)) : null;
    }

    /// <summary>The node's Prometheus scrape (<c>GET /metrics</c>, answered to an admin), or null where it has none.</summary>
    public async Task<string?> ScrapeAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(node, "/metrics"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        try
        {
            using var response = await http.SendAsync(request);
            return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>Uses a credential obtained elsewhere (a device token).</summary>
    public void Adopt(string token, string userId)
    {
        Token = token;
        UserId = userId;
    }

    private void Adopt(JsonElement body)
    {
        RefreshToken = body.TryGetProperty("refreshToken", out var refresh) ? refresh.GetString() : null;
        Adopt(body.GetProperty("accessToken").GetString()!, body.GetProperty("user").GetProperty("id").GetString()!);
    }
}
