using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace OmniBiz.WebHost.Tests.Common;

/// <summary>A signed-in (or anonymous) user talking to one node over real HTTP and SignalR.</summary>
public sealed class ApiClient(Uri address) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };

    public Uri Address => address;

    public string? Token { get; private set; }

    public string? UserId { get; private set; }

    /// <summary>The refresh token of the last registration, sign-in or refresh.</summary>
    public string? RefreshToken { get; private set; }

    public ApiClient As(string token, string userId)
    {
        Token = token;
        UserId = userId;
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return this;
    }

    /// <summary>Registers a new customer with a unique address and signs in as them.</summary>
    public async Task<ApiClient> RegisterAsync(string? email = null, string password = "password-123")
    {
        email ??= $"user-{Guid.NewGuid():N}@example.com";
        using var response = await _http.PostAsJsonAsync("/api/auth/register", new { email, password, displayName = "Test User" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return Adopt(body);
    }

    public async Task<ApiClient> LoginAsync(string email, string password)
    {
        using var response = await _http.PostAsJsonAsync("/api/auth/login", new { email, password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Adopt(await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    /// <summary>Uses the tokens of a register, login or refresh answer.</summary>
    public ApiClient Adopt(JsonElement body)
    {
        RefreshToken = body.GetProperty("refreshToken").GetString();
        return As(body.GetProperty("accessToken").GetString()!, body.GetProperty("user").GetProperty("id").GetString()!);
    }

    public Task<ApiClient> LoginAsAdminAsync() => LoginAsync(TestNode.AdminEmail, TestNode.AdminPassword);

    public async Task<(HttpStatusCode Status, JsonElement Body, string? ContentType)> SendAsync(HttpMethod method, string path, object? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = JsonContent.Create(json);
        }

        return await SendAsync(request);
    }

    public async Task<(HttpStatusCode Status, JsonElement Body, string? ContentType)> SendAsync(HttpRequestMessage request)
    {
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var body = text.Length > 0 && mediaType?.Contains("json", StringComparison.Ordinal) == true ? JsonSerializer.Deserialize<JsonElement>(text) : default;
        return (response.StatusCode, body, mediaType);
    }

    /// <summary>The whole response, for tests that read its headers; the caller disposes it.</summary>
    public Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request) => _http.SendAsync(request);

    public Task<(HttpStatusCode Status, JsonElement Body, string? ContentType)> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<(HttpStatusCode Status, JsonElement Body, string? ContentType)> PostAsync(string path, object json) => SendAsync(HttpMethod.Post, path, json);

    public Task<(HttpStatusCode Status, JsonElement Body, string? ContentType)> PutAsync(string path, object json) => SendAsync(HttpMethod.Put, path, json);

    public Task<(HttpStatusCode Status, JsonElement Body, string? ContentType)> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path);

    /// <summary>Creates a product as this (staff) user and answers its id.</summary>
    public async Task<string> CreateProductAsync(int stock = 100, decimal price = 10m, string name = "Test product")
    {
        var (status, body, _) = await PostAsync("/api/products", new { name, price, stock, category = "test" });
        Assert.Equal(HttpStatusCode.Created, status);
        return body.GetProperty("id").GetString()!;
    }

    /// <summary>A started SignalR connection of this user (one browser tab).</summary>
    public async Task<HubConnection> ConnectAsync()
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(address, "/hubs/omnibiz"), o => o.AccessTokenProvider = () => Task.FromResult(Token))
            .Build();
        await connection.StartAsync();
        await connection.InvokeAsync<System.Text.Json.JsonElement>("Ready");
        return connection;
    }

    public void Dispose() => _http.Dispose();
}
