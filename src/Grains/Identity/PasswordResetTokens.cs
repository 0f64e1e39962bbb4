using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using OmniBiz.GrainInterfaces.Common;

namespace OmniBiz.Grains.Identity;

/// <summary>
/// Password reset tokens are <c>{userId}.{secret}</c>: the user id finds the grain and the 256-bit secret proves the
/// mail was read. The user grain keeps only a SHA-256 hash of the whole token, and only of the newest one.
/// </summary>
public static class PasswordResetTokens
{
    /// <summary>Longer than any token this class makes; anything longer is refused unread.</summary>
    public const int MaxLength = 128;

    public static string Create(string userId) => $"{userId}.{Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32))}";

    public static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static bool Matches(string hash, string token) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(hash), Encoding.ASCII.GetBytes(Hash(token)));

    /// <summary>The user id a token names; false for anything not shaped like a token.</summary>
    public static bool TryParse(string? token, out string userId)
    {
        userId = "";
        if (string.IsNullOrEmpty(token) || token.Length > MaxLength)
        {
            return false;
        }

        var parts = token.Split('.');
        if (parts.Length != 2 || parts[0].Length != 32 || !parts[0].All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f') || parts[1].Length < 40)
        {
            return false;
        }

        userId = parts[0];
        return true;
    }

    /// <summary>The one answer for every token that does not work, so none tells more than the others.</summary>
    public static DomainException Refused() =>
        DomainException.Invalid("token", "This reset link is not valid: it is unknown, was already used, or has expired. Ask for a new one.");
}
