using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OmniBiz.Silo.Database;

namespace OmniBiz.WebHost.Auth;

/// <summary>
/// The token signing key: <c>OmniBiz:Jwt:SigningKey</c> when set, else a random key generated once and kept
/// (owner-only) in the data folder. The repository never holds a key.
/// </summary>
public sealed class SigningKeyProvider
{
    public const int MinimumKeyLength = 32;

    public SigningKeyProvider(IOptions<JwtSettings> settings, OmniBizDatabase database)
    {
        var configured = settings.Value.SigningKey;
        byte[] key;
        if (!string.IsNullOrEmpty(configured))
        {
            if (configured.Length < MinimumKeyLength)
            {
                throw new InvalidOperationException($"OmniBiz:Jwt:SigningKey must be at least {MinimumKeyLength} characters.");
            }

            key = Encoding.UTF8.GetBytes(configured);
        }
        else
        {
            key = LoadOrCreate(Path.Combine(database.DataFolder, "jwt-signing.key"));
        }

        Key = new SymmetricSecurityKey(key) { KeyId = Convert.ToHexString(SHA256.HashData(key))[..16] };
    }

    public SymmetricSecurityKey Key { get; }

    private static byte[] LoadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var key = RandomNumberGenerator.GetBytes(64);
        var temp = path + ".tmp";
        File.WriteAllText(temp, Convert.ToBase64String(key));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        try
        {
            File.Move(temp, path, overwrite: false);
            return key;
        }
        catch (IOException) when (File.Exists(path))
        {
            // A sibling node on the same data folder wrote it first: use theirs.
            File.Delete(temp);
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }
    }
}
