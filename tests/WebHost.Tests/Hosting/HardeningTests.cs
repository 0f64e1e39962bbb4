using System.Net;
using System.Text.Json;
using OmniBiz.WebHost.Tests.Common;

namespace OmniBiz.WebHost.Tests.Hosting;

[Collection(NodeCollection.Name)]
public sealed class HardeningTests(NodeFixture fixture)
{
    [Theory]
    [InlineData("/alive", HttpStatusCode.OK)]
    [InlineData("/api/products", HttpStatusCode.OK)]
    [InlineData("/api/auth/me", HttpStatusCode.Unauthorized)]
    [InlineData("/api/no-such-thing", HttpStatusCode.NotFound)]
    public async Task Every_response_carries_the_security_headers_and_no_server_header(string path, HttpStatusCode expected)
    {
        using var client = fixture.Client();
        using var response = await client.SendRawAsync(new HttpRequestMessage(HttpMethod.Get, path));
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("frame-ancestors 'none'", Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Empty(response.Headers.Server);
        // Plain HTTP: HSTS would be ignored by browsers and is not sent.
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task A_failing_request_answered_by_the_exception_handler_still_carries_them()
    {
        using var client = fixture.Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/register") { Content = new StringContent("{\"email\":", System.Text.Encoding.UTF8, "application/json") };
        using var response = await client.SendRawAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
    }

    [Fact]
    public async Task Without_configured_origins_a_cross_origin_preflight_gets_no_permission()
    {
        using var client = fixture.Client();
        using var request = new HttpRequestMessage(HttpMethod.Options, "/api/messages/send");
        request.Headers.Add("Origin", "https://app.example.test");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        using var response = await client.SendRawAsync(request);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task The_openapi_document_declares_the_bearer_scheme_and_protected_operations_require_it()
    {
        using var client = fixture.Client();
        var (status, document, _) = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, status);
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        Assert.Equal("JWT", scheme.GetProperty("bearerFormat").GetString());

        var paths = document.GetProperty("paths");
        Assert.True(RequiresBearer(paths.GetProperty("/api/messages/send").GetProperty("post")));
        Assert.True(RequiresBearer(paths.GetProperty("/api/auth/me").GetProperty("get")));
        Assert.False(RequiresBearer(paths.GetProperty("/api/auth/login").GetProperty("post")));
        Assert.False(RequiresBearer(paths.GetProperty("/api/products").GetProperty("get")));
    }

    private static bool RequiresBearer(JsonElement operation) =>
        operation.TryGetProperty("security", out var security)
        && security.EnumerateArray().Any(requirement => requirement.TryGetProperty("Bearer", out _));
}
