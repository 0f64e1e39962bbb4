using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace OmniBiz.WebHost.Tests.Common;

[Collection(NodeCollection.Name)]
public sealed class BadInputTests(NodeFixture fixture)
{
    private static HttpRequestMessage Raw(HttpMethod method, string path, string body, string? token = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return request;
    }

    public static TheoryData<string, string, HttpStatusCode> Bodies => new()
    {
        { "/api/auth/register", "{\"email\": \"a@b.c\", ", HttpStatusCode.BadRequest },            // malformed JSON
        { "/api/auth/register", "{}", HttpStatusCode.BadRequest },                                  // missing fields
        { "/api/auth/register", "{\"email\": 5, \"password\": [], \"displayName\": {}}", HttpStatusCode.BadRequest }, // wrong types
        { "/api/auth/login", "[1,2,3]", HttpStatusCode.BadRequest },
        { "/api/auth/register", "", HttpStatusCode.BadRequest },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task Unreadable_or_incomplete_bodies_are_400_problem_details(string path, string body, HttpStatusCode expected)
    {
        using var client = fixture.Client();
        var (status, problem, contentType) = await client.SendAsync(Raw(HttpMethod.Post, path, body));
        Assert.Equal(expected, status);
        Assert.Equal("application/problem+json", contentType);
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        Assert.NotEmpty(problem.GetProperty("errors").EnumerateObject());
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Wrong_types_in_a_cart_request_name_the_field()
    {
        using var user = await fixture.Client().RegisterAsync();
        var (status, problem, _) = await user.SendAsync(Raw(HttpMethod.Post, "/api/cart/items", "{\"productId\": \"p\", \"quantity\": \"many\"}", user.Token));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(problem.GetProperty("errors").TryGetProperty("quantity", out _));
    }

    [Fact]
    public async Task A_two_megabyte_body_is_413_problem_details()
    {
        using var client = fixture.Client();
        var huge = "{\"email\": \"" + new string('a', 2 * 1024 * 1024) + "\"}";
        using var request = Raw(HttpMethod.Post, "/api/auth/register", huge);
        // As a browser or a careful client would for a large body: the server refuses it before it is sent, so the
        // refusal cannot race the upload.
        request.Headers.ExpectContinue = true;
        var (status, problem, contentType) = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("application/problem+json", contentType);
        Assert.Equal(413, problem.GetProperty("status").GetInt32());
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task An_unknown_route_is_404_problem_details()
    {
        using var client = fixture.Client();
        var (status, problem, contentType) = await client.GetAsync("/api/no-such-thing");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("application/problem+json", contentType);
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Forged_expired_and_garbage_tokens_are_401_problem_details()
    {
        using var user = await fixture.Client().RegisterAsync();
        var stamp = new JsonWebToken(user.Token).GetClaim("sst").Value;
        var forged = Token(Convert.ToBase64String(Encoding.UTF8.GetBytes(new string('k', 48))), user.UserId!, stamp, DateTime.UtcNow.AddHours(1));
        var expired = Token(TestNode.SigningKey, user.UserId!, stamp, DateTime.UtcNow.AddHours(-1));
        var valid = Token(TestNode.SigningKey, user.UserId!, stamp, DateTime.UtcNow.AddHours(1));
        var staleStamp = Token(TestNode.SigningKey, user.UserId!, Guid.NewGuid().ToString("N"), DateTime.UtcNow.AddHours(1));

        foreach (var token in new[] { forged, expired, staleStamp, "not.a.token" })
        {
            using var client = fixture.Client().As(token, user.UserId!);
            var (status, problem, contentType) = await client.GetAsync("/api/auth/me");
            Assert.Equal(HttpStatusCode.Unauthorized, status);
            Assert.Equal("application/problem+json", contentType);
            Assert.Equal(401, problem.GetProperty("status").GetInt32());
        }

        // The same claims signed with the node's key pass, so the 401s above are about the signature, expiry and stamp.
        using var genuine = fixture.Client().As(valid, user.UserId!);
        Assert.Equal(HttpStatusCode.OK, (await genuine.GetAsync("/api/auth/me")).Status);
    }

    private static string Token(string key, string userId, string stamp, DateTime expires) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Subject = new ClaimsIdentity([new Claim("sub", userId), new Claim("role", "customer"), new Claim("sst", stamp)]),
        Issuer = "omnibiz",
        Audience = "omnibiz",
        NotBefore = expires.AddHours(-2),
        IssuedAt = expires.AddHours(-2),
        Expires = expires,
        SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256),
    });

    private async Task AssertStillServingAsync()
    {
        using var client = fixture.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/alive")).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).Status);
    }
}
