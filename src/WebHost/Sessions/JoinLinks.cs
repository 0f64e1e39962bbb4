using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using OmniBiz.WebHost.Auth;
using OmniBiz.WebHost.Hosting;

namespace OmniBiz.WebHost.Sessions;

/// <summary>
/// Join tokens: <c>{sessionId}.{invitationId}.{signature}</c>, HMAC-SHA256 over both ids with a key derived from the
/// token signing key. The invitation id is random (128 bits) and the signature makes a forged link fail before any
/// grain is asked; revocation and expiry (the session ending) are the session grain's to decide.
/// </summary>
public sealed class JoinLinks(SigningKeyProvider keys, IConfiguration configuration, IServer server)
{
    private readonly byte[] _key = HMACSHA256.HashData(keys.Key.Key, "omnibiz.session-join-links"u8);

    /// <summary>The link's token for an invitation.</summary>
    public string Token(string sessionId, string invitationId) => $"{sessionId}.{invitationId}.{Sign(sessionId, invitationId)}";

    /// <summary>The ids a token names, or null when it is malformed or not signed by us.</summary>
    public (string SessionId, string InvitationId)? Read(string? token)
    {
        var parts = token?.Split('.');
        if (parts is not { Length: 3 } || parts.Any(p => p.Length is 0 or > 128))
        {
            return null;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(parts[0], parts[1]));
        var given = Encoding.UTF8.GetBytes(parts[2]);
        return CryptographicOperations.FixedTimeEquals(expected, given) ? (parts[0], parts[1]) : null;
    }

    /// <summary>
    /// The link a person opens: the dashboard's join page at <c>OmniBiz:PublicBaseUrl</c>, else this request's address,
    /// else (mail sent from the outbox has no request) the address this node listens on.
    /// </summary>
    public string Url(string token, HttpRequest? request = null)
    {
        var baseUrl = PublicAddressSettings.From(configuration) is { } configured ? configured
            : request is not null ? $"{request.Scheme}://{request.Host}"
            : ListeningAddress();
        return $"{baseUrl}/sessions/join/{token}";
    }

    private string ListeningAddress()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost:5000";
        // A wildcard binding is no address a person can open.
        return address.Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal).Replace("://[::]", "://localhost", StringComparison.Ordinal)
            .Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal).TrimEnd('/');
    }

    private string Sign(string sessionId, string invitationId) =>
        Base64Url.EncodeToString(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"{sessionId}\n{invitationId}")));
}
