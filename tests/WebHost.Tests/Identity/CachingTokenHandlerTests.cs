using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OmniBiz.WebHost.Auth;

namespace OmniBiz.WebHost.Tests.Identity;

/// <summary>The verdict cache: pure logic, no node.</summary>
public sealed class CachingTokenHandlerTests
{
    private static readonly SymmetricSecurityKey Key = new(System.Text.Encoding.UTF8.GetBytes("a-signing-key-for-the-verdict-cache-tests-0123456789"));

    private static readonly TokenValidationParameters Parameters = new()
    {
        ValidIssuer = "omnibiz",
        ValidAudience = "omnibiz",
        IssuerSigningKey = Key,
        ClockSkew = TimeSpan.Zero,
    };

    private static string Token(SecurityKey key, DateTime expires) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = "omnibiz",
        Audience = "omnibiz",
        Expires = expires,
        NotBefore = expires.AddHours(-1),
        Subject = new ClaimsIdentity([new Claim("uid", "device:v1")]),
        SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
    });

    [Fact]
    public async Task A_valid_token_is_validated_once_and_each_caller_gets_an_identity_of_its_own()
    {
        var handler = new CachingTokenHandler(TimeProvider.System);
        var token = Token(Key, DateTime.UtcNow.AddMinutes(5));

        var first = await handler.ValidateTokenAsync(token, Parameters);
        Assert.True(first.IsValid);
        first.ClaimsIdentity.AddClaim(new Claim("added", "by the first request"));
        var second = await handler.ValidateTokenAsync(token, Parameters);

        Assert.True(second.IsValid);
        Assert.Equal(1, handler.Count);
        Assert.Equal("device:v1", second.ClaimsIdentity.FindFirst("uid")?.Value);
        Assert.Null(second.ClaimsIdentity.FindFirst("added"));
    }

    [Fact]
    public async Task Invalid_and_expired_tokens_are_refused_every_time_and_never_kept()
    {
        var handler = new CachingTokenHandler(TimeProvider.System);
        var forged = Token(new SymmetricSecurityKey(System.Text.Encoding.UTF8.GetBytes("another-key-that-nobody-here-trusts-0123456789abc")), DateTime.UtcNow.AddMinutes(5));
        var expired = Token(Key, DateTime.UtcNow.AddMinutes(-1));

        for (var i = 0; i < 2; i++)
        {
            Assert.False((await handler.ValidateTokenAsync(forged, Parameters)).IsValid);
            Assert.False((await handler.ValidateTokenAsync(expired, Parameters)).IsValid);
        }

        Assert.Equal(0, handler.Count);
    }
}
