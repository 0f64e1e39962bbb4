using System.Security.Cryptography;
using System.Text;
using OmniBiz.GrainInterfaces.Common;

namespace OmniBiz.WebHost.Common;

/// <summary>Reads and checks the <c>Idempotency-Key</c> header, and turns it into stable ids.</summary>
public static class IdempotencyKeys
{
    public const string Header = "Idempotency-Key";
    public const int MaxLength = 200;

    /// <summary>Set on the request when its handler reads the key, so tests can check the endpoint declares the header.</summary>
    public static readonly object ReadMarker = new();

    /// <summary>The header's value, or null when absent; a malformed key is refused.</summary>
    public static string? From(HttpContext http)
    {
        http.Items[ReadMarker] = true;
        if (!http.Request.Headers.TryGetValue(Header, out var values) || values.Count == 0)
        {
            return null;
        }

        var key = values.ToString().Trim();
        if (key.Length == 0 || key.Length > MaxLength || key.Any(char.IsControl) || values.Count > 1)
        {
            throw DomainException.Invalid(Header, $"{Header} must be one value of 1 to {MaxLength} printable characters.");
        }

        return key;
    }

    /// <summary>
    /// The id of the thing a keyed request creates: the same caller and key always name the same grain, so a retry
    /// reaches the first attempt's grain instead of creating a second.
    /// </summary>
    public static string StableId(string scope, string callerId, string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{scope}\n{callerId}\n{key}")))[..32];
}
