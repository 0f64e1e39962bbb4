using OmniBiz.GrainInterfaces.Identity;

namespace OmniBiz.WebHost.Auth;

/// <summary>Authorization policy names.</summary>
public static class Policies
{
    /// <summary>Staff or admin.</summary>
    public const string Staff = "staff";

    /// <summary>Admin only.</summary>
    public const string Admin = "admin";

    public static void Add(Microsoft.AspNetCore.Authorization.AuthorizationOptions options)
    {
        options.AddPolicy(Staff, p => p.RequireRole(Roles.Staff, Roles.Admin));
        options.AddPolicy(Admin, p => p.RequireRole(Roles.Admin));
    }
}
