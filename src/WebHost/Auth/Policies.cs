using OmniBiz.GrainInterfaces.Identity;

namespace OmniBiz.WebHost.Auth;

/// <summary>Authorization policy names.</summary>
public static class Policies
{
    /// <summary>Staff or admin.</summary>
    public const string Staff = "staff";

    /// <summary>Admin only.</summary>
    public const string Admin = "admin";

    /// <summary>A fleet device credential.</summary>
    public const string Device = "device";

    public static void Add(Microsoft.AspNetCore.Authorization.AuthorizationOptions options)
    {
        options.AddPolicy(Staff, p => p.RequireRole(Roles.Staff, Roles.Admin));
        options.AddPolicy(Admin, p => p.RequireRole(Roles.Admin));
        options.AddPolicy(Device, p => p.RequireRole(OmniBizClaims.DeviceRole).RequireClaim(OmniBizClaims.VehicleId).RequireClaim(OmniBizClaims.TokenId));
    }
}
