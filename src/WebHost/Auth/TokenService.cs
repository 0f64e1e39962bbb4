using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OmniBiz.GrainInterfaces.Identity;
using OmniBiz.Grains.Identity;

namespace OmniBiz.WebHost.Auth;

/// <summary>Issues access tokens for signed-in users and device tokens for vehicles.</summary>
public sealed class TokenService(SigningKeyProvider keys, IOptions<JwtSettings> settings, TimeProvider clock)
{
    private readonly JsonWebTokenHandler _handler = new();

    /// <summary>A device credential: it may only post pings for one vehicle, for a year or until revoked.</summary>
    public string IssueDevice(string vehicleId, string tokenId)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity(
            [
                new Claim(OmniBizClaims.UserId, $"device:{vehicleId}"),
                new Claim(OmniBizClaims.Role, OmniBizClaims.DeviceRole),
                new Claim(OmniBizClaims.VehicleId, vehicleId),
                new Claim(OmniBizClaims.TokenId, tokenId),
            ]),
            Issuer = settings.Value.Issuer,
            Audience = settings.Value.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddDays(365),
            SigningCredentials = new SigningCredentials(keys.Key, SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>
    /// A guest's token from a join link: it names one session and one invitation, and only that session's hub methods
    /// accept it. Short-lived: a guest whose token expired opens the link again.
    /// </summary>
    public string IssueGuest(string sessionId, string invitationId, string displayName, DateTimeOffset expires)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity(
            [
                new Claim(OmniBizClaims.UserId, $"guest:{invitationId}"),
                new Claim(OmniBizClaims.Name, displayName),
                new Claim(OmniBizClaims.Role, OmniBizClaims.GuestRole),
                new Claim(OmniBizClaims.SessionId, sessionId),
                new Claim(OmniBizClaims.InvitationId, invitationId),
            ]),
            Issuer = settings.Value.Issuer,
            Audience = settings.Value.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(keys.Key, SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>A user's access token: short-lived, and valid only while the account's security stamp is unchanged.</summary>
    public string Issue(UserSession session)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var user = session.Profile;
        var claims = new List<Claim>
        {
            new(OmniBizClaims.UserId, user.Id),
            new(OmniBizClaims.Email, user.Email),
            new(OmniBizClaims.Name, user.DisplayName),
            new(OmniBizClaims.SecurityStamp, session.SecurityStamp),
        };
        if (RefreshTokens.TryParse(session.RefreshToken, out _, out var familyId))
        {
            claims.Add(new Claim(OmniBizClaims.SessionFamily, familyId));
        }

        claims.AddRange(user.Roles.Select(r => new Claim(OmniBizClaims.Role, r)));
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity(claims),
            Issuer = settings.Value.Issuer,
            Audience = settings.Value.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(settings.Value.AccessTokenMinutes),
            SigningCredentials = new SigningCredentials(keys.Key, SecurityAlgorithms.HmacSha256),
        });
    }
}
