using System.Security.Claims;
using OmniBiz.GrainInterfaces.Identity;

namespace OmniBiz.WebHost.Auth;

/// <summary>Claim names in access tokens, and reading them back.</summary>
public static class OmniBizClaims
{
    public const string UserId = "sub";
    public const string Email = "email";
    public const string Name = "name";
    public const string Role = "role";

    public static string UserIdOf(this ClaimsPrincipal user) =>
        user.FindFirstValue(UserId) ?? throw new InvalidOperationException("The caller is not signed in.");

    public static bool IsStaff(this ClaimsPrincipal user) => user.IsInRole(Roles.Staff) || user.IsInRole(Roles.Admin);
}
