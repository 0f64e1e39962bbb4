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
    public const string VehicleId = "vid";
    public const string TokenId = "jti";

    /// <summary>The user's security stamp when the token was issued; a token whose stamp is no longer current fails.</summary>
    public const string SecurityStamp = "sst";

    /// <summary>The session (refresh token family) a user's access token was issued for: a password change keeps that one.</summary>
    public const string SessionFamily = "sfid";

    /// <summary>The one session a guest token admits to (guest tokens only).</summary>
    public const string SessionId = "ssn";

    /// <summary>The invitation a guest token was issued from (guest tokens only).</summary>
    public const string InvitationId = "inv";

    /// <summary>The role of guest session credentials: one session's hub methods, nothing else.</summary>
    public const string GuestRole = "guest";

    /// <summary>The role of fleet device credentials (never given to a user).</summary>
    public const string DeviceRole = "device";

    public static string UserIdOf(this ClaimsPrincipal user) =>
        user.FindFirstValue(UserId) ?? throw new InvalidOperationException("The caller is not signed in.");

    public static bool IsGuest(this ClaimsPrincipal user) => user.IsInRole(GuestRole);

    public static bool IsStaff(this ClaimsPrincipal user) => user.IsInRole(Roles.Staff) || user.IsInRole(Roles.Admin);
}
