using Microsoft.AspNetCore.Identity;

namespace OmniBiz.Grains.Identity;

/// <summary>Password hashing, in one place, so a check against a missing account costs what a real one costs.</summary>
public static class Passwords
{
    // The hasher ignores the user instance; one shared instance is enough.
    private static readonly PasswordHasher<object> Hasher = new();
    private static readonly object NoUser = new();
    private static readonly Lazy<string> DummyHash = new(() => Hash(Guid.NewGuid().ToString("N")));

    public static string Hash(string password) => Hasher.HashPassword(NoUser, password);

    public static PasswordVerificationResult Verify(string hash, string password) => Hasher.VerifyHashedPassword(NoUser, hash, password);

    /// <summary>
    /// Does the work of a password check against a hash nobody's password matches: sign-in with an unknown address
    /// then takes as long as with a known one, so timing does not tell which addresses have accounts.
    /// </summary>
    public static void VerifyAgainstDummy(string password) => Verify(DummyHash.Value, password);
}
