using System.Collections.Concurrent;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace OmniBiz.WebHost.Auth;

/// <summary>
/// Remembers, per token string, that the token's signature, issuer, audience and lifetime were found valid, until the
/// token expires (and for at most ten minutes): parsing a JWT, checking its HMAC and building its claims is most of
/// what a small request such as a GPS ping costs the node, and a device sends the same token all day.
/// <para>
/// Nothing that can be revoked is in this verdict. A user's token is checked against the account's current security
/// stamp on every request (AuthExtensions), a device token against its vehicle's current token id on every ping batch
/// (the vehicle grain the batch goes to anyway), a guest's invitation by its session grain on every join: revoking any
/// of them takes effect on the next request on every node, cached verdict or not.
/// </para>
/// </summary>
public sealed class CachingTokenHandler(TimeProvider clock) : TokenHandler
{
    private const int MaxEntries = 100_000;
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(10);
    private readonly JsonWebTokenHandler _inner = new() { MapInboundClaims = false };
    private readonly ConcurrentDictionary<string, Verdict> _verdicts = new(StringComparer.Ordinal);
    private int _added;

    /// <summary>Verdicts held (for tests and diagnostics).</summary>
    public int Count => _verdicts.Count;

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var now = clock.GetUtcNow();
        if (_verdicts.TryGetValue(token, out var verdict))
        {
            if (verdict.Until > now)
            {
                return new TokenValidationResult
                {
                    IsValid = true,
                    SecurityToken = verdict.Token,
                    ClaimsIdentity = verdict.Identity.Clone(), // each request gets its own identity to change
                    Issuer = verdict.Token.Issuer,
                    TokenType = verdict.Token.Typ,
                };
            }

            _verdicts.TryRemove(new KeyValuePair<string, Verdict>(token, verdict));
        }

        var result = await _inner.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && result.SecurityToken is JsonWebToken valid && result.ClaimsIdentity is { } identity)
        {
            var until = new DateTimeOffset(valid.ValidTo, TimeSpan.Zero);
            if (until > now + MaxAge)
            {
                until = now + MaxAge;
            }

            _verdicts[token] = new Verdict(valid, identity.Clone(), until);
            if (Interlocked.Increment(ref _added) % 1024 == 0 || _verdicts.Count > MaxEntries)
            {
                Prune(now);
            }
        }

        return result;
    }

    public override SecurityToken ReadToken(string token) => _inner.ReadToken(token);

    private void Prune(DateTimeOffset now)
    {
        foreach (var (token, verdict) in _verdicts)
        {
            if (verdict.Until <= now)
            {
                _verdicts.TryRemove(token, out _);
            }
        }

        if (_verdicts.Count > MaxEntries)
        {
            _verdicts.Clear(); // a flood of distinct valid tokens: start over rather than grow
        }
    }

    private sealed record Verdict(JsonWebToken Token, System.Security.Claims.ClaimsIdentity Identity, DateTimeOffset Until);
}
