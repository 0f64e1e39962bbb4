using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using OmniBiz.LoadTest.Reporting;

namespace OmniBiz.LoadTest.Common;

/// <summary>One simulated user on one node: signs in once and reuses the token, timing every call it makes.</summary>
public sealed class ApiSession(HttpClient http, Uri node, Metrics metrics)
{
    public Uri Node => node;

    public string? Token { get; private set; }

    public string? UserId { get; private set; }

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

    /// <summary>Sends a request, records its latency under <paramref name="operation"/>, and counts non-2xx answers as errors by status.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(string operation, HttpMethod method, string path, object? json = null, string? idempotencyKey = null, params HttpStatusCode[] expected)
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
            metrics.Record(operation, Stopwatch.GetElapsedTime(started));
            var ok = response.IsSuccessStatusCode || expected.Contains(response.StatusCode);
            if (!ok)
            {
                metrics.Error($"{operation}:{(int)response.StatusCode}");
            }

            var body = text.Length > 0 && response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true
                ? JsonSerializer.Deserialize<JsonElement>(text)
                : default;
            return (response.StatusCode, body);
        }
        catch (HttpRequestException e)
        {
            metrics.Error($"{operation}:{e.HttpRequestError}");
            return (0, default);
        }
        catch (TaskCanceledException)
        {
            metrics.Error($"{operation}:timeout");
            return (0, default);
        }
    }

    /// <summary>The node's own figures; <paramref name="collect"/> asks it to collect garbage first, so heap sizes compare.</summary>
    public async Task<ServerSample?> ServerSampleAsync(bool collect = false)
    {
        var (status, body) = await SendAsync("metrics", HttpMethod.Get, collect ? "/api/admin/metrics?collect=true" : "/api/admin/metrics");
        return status == HttpStatusCode.OK ? body.Deserialize<ServerSample>(new JsonSerializerOptions(JsonSerializerDefaults.Web)) : null;
    }

    /// <summary>Uses a credential obtained elsewhere (a device token).</summary>
    public void Adopt(string token, string userId)
    {
        Token = token;
        UserId = userId;
    }

    private void Adopt(JsonElement body) =>
        Adopt(body.GetProperty("accessToken").GetString()!, body.GetProperty("user").GetProperty("id").GetString()!);
}
