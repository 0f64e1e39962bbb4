using System.Net;

namespace OmniBiz.WebHost.Tests.Limits;

[Collection(EdgeNodeCollection.Name)]
public sealed class CorsTests(EdgeNodeFixture fixture)
{
    private async Task<HttpResponseMessage> PreflightAsync(string path, string origin)
    {
        using var client = fixture.Client();
        using var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type,x-requested-with");
        return await client.SendRawAsync(request);
    }

    [Theory]
    [InlineData("/api/messages/send")]
    [InlineData("/hubs/omnibiz/negotiate?negotiateVersion=1")]
    public async Task A_preflight_from_a_configured_origin_is_allowed_with_credentials(string path)
    {
        using var response = await PreflightAsync(path, EdgeNodeFixture.AllowedOrigin);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}");
        Assert.Equal(EdgeNodeFixture.AllowedOrigin, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Equal("true", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Credentials")));
        Assert.Contains("POST", string.Join(',', response.Headers.GetValues("Access-Control-Allow-Methods")), StringComparison.Ordinal);
        Assert.Contains("authorization", string.Join(',', response.Headers.GetValues("Access-Control-Allow-Headers")), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_preflight_from_another_origin_gets_no_permission()
    {
        using var response = await PreflightAsync("/api/messages/send", "https://evil.example.test");
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task A_simple_request_from_the_configured_origin_can_read_the_answer_and_its_retry_after()
    {
        using var client = fixture.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/alive");
        request.Headers.Add("Origin", EdgeNodeFixture.AllowedOrigin);
        using var response = await client.SendRawAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(EdgeNodeFixture.AllowedOrigin, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Contains("Retry-After", string.Join(',', response.Headers.GetValues("Access-Control-Expose-Headers")), StringComparison.OrdinalIgnoreCase);
    }
}
