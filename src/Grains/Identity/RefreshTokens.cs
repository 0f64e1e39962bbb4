using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace OmniBiz.Grains.Identity;

/// <summary>
/// Refresh tokens are <c>{userId}.{familyId}.{secret}</c>: the user id finds the grain, the family id finds the
/// session, and the 256-bit secret is what proves possession. Only a SHA-256 hash of the whole token is stored.
/// </summary>
public static class RefreshTokens
{
    /// <summary>Longer than any token this class makes; anything longer is refused unread.</summary>
    public const int MaxLength = 128;

    public static string Create(string userId, string familyId) =>
        $"{userId}.{familyId}.{Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32))}";

    public static string NewFamilyId() => Guid.NewGuid().ToString("N");

    public static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Splits a token into its user and family ids; false for anything not shaped like a token.</summary>
    public static bool TryParse(string? token, out string userId, out string familyId)
    {
        userId = familyId = "";
        if (string.IsNullOrEmpty(token) || token.Length > MaxLength)
        {
            return false;
        }

        var parts = token.Split('.');
        if (parts.Length != 3 || !IsId(parts[0]) || !IsId(parts[1]) || parts[2].Length < 40)
        {
            return false;
        }

        (userId, familyId) = (parts[0], parts[1]);
        return true;
    }

    /// <summary>User and family ids are 32 lower-case hex digits (<c>Guid.ToString("N")</c>).</summary>
    private static bool IsId(string value) => value.Length == 32 && value.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');
}
