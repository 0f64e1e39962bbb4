using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace OmniBiz.WebHost.Sessions;

/// <summary>
/// The ICE servers a participant's browser uses. With a TURN secret, TURN URLs carry credentials in coturn's
/// shared-secret scheme: <c>username = expiry:userId</c> (expiry in Unix seconds),
/// <c>credential = base64(HMAC-SHA1(secret, username))</c>.
/// </summary>
public sealed class IceServers(IOptions<SessionsOptions> options, TimeProvider clock)
{
    public IReadOnlyList<IceServer> For(string userId)
    {
        var ice = options.Value.Ice;
        var urls = ice.Urls.Where(u => !string.IsNullOrWhiteSpace(u)).ToList();
        if (string.IsNullOrEmpty(ice.TurnSecret))
        {
            return urls.Count == 0 ? [] : [new IceServer([.. urls], null, null)];
        }

        var stun = urls.Where(u => !IsTurn(u)).ToList();
        var turn = urls.Where(IsTurn).ToList();
        var servers = new List<IceServer>();
        if (stun.Count > 0)
        {
            servers.Add(new IceServer([.. stun], null, null));
        }

        if (turn.Count > 0)
        {
            var expiry = (clock.GetUtcNow() + ice.TurnCredentialLifetime).ToUnixTimeSeconds();
            var username = string.Create(CultureInfo.InvariantCulture, $"{expiry}:{userId}");
            var credential = Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(ice.TurnSecret), Encoding.UTF8.GetBytes(username)));
            servers.Add(new IceServer([.. turn], username, credential));
        }

        return servers;
    }

    private static bool IsTurn(string url) => url.StartsWith("turn:", StringComparison.OrdinalIgnoreCase) || url.StartsWith("turns:", StringComparison.OrdinalIgnoreCase);
}
