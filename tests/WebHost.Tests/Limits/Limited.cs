using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using OmniBiz.WebHost.Tests.Common;

namespace OmniBiz.WebHost.Tests.Limits;

/// <summary>Requests and checks the rate-limit tests share.</summary>
internal static class Limited
{
    public static async Task<HttpResponseMessage> PostAsync(ApiClient client, string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        return await client.SendRawAsync(request);
    }

    public static async Task<HttpResponseMessage> UploadAsync(ApiClient client, int bytes, string name = "note.txt")
    {
        using var content = new MultipartFormDataContent { { new ByteArrayContent(new byte[bytes]) { Headers = { ContentType = new MediaTypeHeaderValue("text/plain") } }, "file", name } };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages/attachments") { Content = content };
        return await client.SendRawAsync(request);
    }

    /// <summary>Asserts a 429 problem details answer with a positive <c>Retry-After</c>; answers the problem and the wait.</summary>
    public static async Task<(JsonElement Problem, TimeSpan RetryAfter)> AssertRateLimitedAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.TooManyRequests, $"Expected 429, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.True(retryAfter > TimeSpan.Zero, $"Retry-After {retryAfter}");
        var problem = JsonSerializer.Deserialize<JsonElement>(text);
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        return (problem, retryAfter.Value);
    }

    public static async Task<string> IdOfAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"Expected success, got {(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<JsonElement>(text).GetProperty("id").GetString()!;
    }
}
