using System.Collections.Immutable;
using System.Net.Mail;
using OmniBiz.GrainInterfaces.Common;
using OmniBiz.GrainInterfaces.Identity;

namespace OmniBiz.Grains.Identity;

/// <summary>Input rules for accounts, enforced by the grains that own them.</summary>
public static class IdentityRules
{
    public const int MinPasswordLength = 8;
    public const int MaxPasswordLength = 128;
    public const int MaxEmailLength = 254;
    public const int MaxDisplayNameLength = 100;

    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();

    public static void Validate(RegisterUser registration)
    {
        var email = registration.Email?.Trim() ?? "";
        if (email.Length == 0 || email.Length > MaxEmailLength || !MailAddress.TryCreate(email, out var parsed) || parsed.Address != email)
        {
            throw DomainException.Invalid("email", "Enter a valid e-mail address.");
        }

        ValidateDisplayName(registration.DisplayName);
        ValidatePassword(registration.Password);
    }

    /// <summary>The trimmed display name, or an invalid <c>displayName</c>.</summary>
    public static string ValidateDisplayName(string? displayName)
    {
        var name = displayName?.Trim() ?? "";
        if (name.Length == 0 || name.Length > MaxDisplayNameLength)
        {
            throw DomainException.Invalid("displayName", $"Display name must be 1 to {MaxDisplayNameLength} characters.");
        }

        return name;
    }

    public static void ValidatePassword(string? password, string field = "password")
    {
        if (password is null || password.Length < MinPasswordLength || password.Length > MaxPasswordLength)
        {
            throw DomainException.Invalid(field, $"Password must be {MinPasswordLength} to {MaxPasswordLength} characters.");
        }
    }

    public static ImmutableArray<string> ValidateRoles(ImmutableArray<string> roles)
    {
        if (roles.IsDefaultOrEmpty)
        {
            throw DomainException.Invalid("roles", "Give at least one role.");
        }

        var normalized = roles.Select(r => (r ?? "").Trim().ToLowerInvariant()).Distinct().ToImmutableArray();
        var unknown = normalized.Where(r => !Roles.All.Contains(r)).ToList();
        if (unknown.Count > 0)
        {
            throw DomainException.Invalid("roles", $"Unknown role(s): {string.Join(", ", unknown)}. Roles are {string.Join(", ", Roles.All)}.");
        }

        return normalized;
    }
}
