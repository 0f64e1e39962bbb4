using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace OmniBiz.Dashboard.Services;

/// <summary>REST calls with the signed-in user's token; refusals become <see cref="ApiException"/> with the problem's message.</summary>
public sealed class Api(HttpClient http, AuthState auth)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task<T> GetAsync<T>(string path) => SendAsync<T>(HttpMethod.Get, path, null, null);

    public Task<T> PostAsync<T>(string path, object? body, string? idempotencyKey = null) => SendAsync<T>(HttpMethod.Post, path, body, idempotencyKey);

    public Task PostAsync(string path, object? body, string? idempotencyKey = null) => SendAsync<JsonElement?>(HttpMethod.Post, path, body, idempotencyKey);

    public Task<T> PutAsync<T>(string path, object? body) => SendAsync<T>(HttpMethod.Put, path, body, null);

    public Task<T> PatchAsync<T>(string path, object? body) => SendAsync<T>(HttpMethod.Patch, path, body, null);

    public Task DeleteAsync(string path) => SendAsync<JsonElement?>(HttpMethod.Delete, path, null, null);

    public async Task<T> UploadAsync<T>(string path, MultipartFormDataContent content)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        using var response = await SendWithTokenAsync(request, () => new HttpRequestMessage(HttpMethod.Post, path) { Content = content });
        return (await response.Content.ReadFromJsonAsync<T>(Json))!;
    }

    public async Task<byte[]> DownloadAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        using var response = await SendWithTokenAsync(request, () => new HttpRequestMessage(HttpMethod.Get, path));
        return await response.Content.ReadAsByteArrayAsync();
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, string? idempotencyKey)
    {
        HttpRequestMessage Make()
        {
            var request = new HttpRequestMessage(method, path);
            if (body is not null)
            {
                request.Content = JsonContent.Create(body, body.GetType(), options: Json);
            }

            if (idempotencyKey is not null)
            {
                request.Headers.Add("Idempotency-Key", idempotencyKey);
            }

            return request;
        }

        using var first = Make();
        using var response = await SendWithTokenAsync(first, Make);
        if (response.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.Accepted && response.Content.Headers.ContentLength is null or 0)
        {
            return default!;
        }

        return (await response.Content.ReadFromJsonAsync<T>(Json))!;
    }

    private async Task<HttpResponseMessage> SendWithTokenAsync(HttpRequestMessage request, Func<HttpRequestMessage> again)
    {
        Authorize(request);
        var response = await http.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.Unauthorized && auth.IsSignedIn && await auth.RefreshAsync())
        {
            response.Dispose();
            using var retry = again();
            Authorize(retry);
            response = await http.SendAsync(retry);
        }

        if (!response.IsSuccessStatusCode)
        {
            var message = await ProblemMessageAsync(response);
            response.Dispose();
            throw new ApiException(response.StatusCode, message);
        }

        return response;
    }

    private void Authorize(HttpRequestMessage request)
    {
        if (auth.AccessToken is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    /// <summary>The problem details' detail (or title), with each named field's errors.</summary>
    public static async Task<string> ProblemMessageAsync(HttpResponseMessage response)
    {
        try
        {
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var root = doc.RootElement;
            var text = new StringBuilder();
            if (root.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String)
            {
                text.Append(detail.GetString());
            }
            else if (root.TryGetProperty("title", out var title) && title.ValueKind == JsonValueKind.String)
            {
                text.Append(title.GetString());
            }

            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
            {
                foreach (var field in errors.EnumerateObject())
                {
                    foreach (var error in field.Value.EnumerateArray())
                    {
                        // The detail often repeats the one field error: say it once.
                        if (error.GetString() is { } message && !text.ToString().Contains(message, StringComparison.Ordinal))
                        {
                            text.Append(text.Length > 0 ? " " : "").Append(message);
                        }
                    }
                }
            }

            if (text.Length > 0)
            {
                return text.ToString();
            }
        }
        catch (JsonException)
        {
        }

        return $"The server answered {(int)response.StatusCode} {response.ReasonPhrase}.";
    }
}
