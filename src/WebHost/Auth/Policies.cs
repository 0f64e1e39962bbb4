using Microsoft.AspNetCore.Authorization;
using OmniBiz.GrainInterfaces.Identity;

namespace OmniBiz.WebHost.Auth;

/// <summary>Authorization policy names.</summary>
public static class Policies
{
    /// <summary>Staff or admin.</summary>
    public const string Staff = "staff";

    /// <summary>Admin only.</summary>
    public const string Admin = "admin";

    /// <summary>Scraping <c>/metrics</c>: an admin, or a Prometheus server with the scrape key.</summary>
    public const string MetricsScrape = "metrics-scrape";

    /// <summary>A fleet device credential.</summary>
    public const string Device = "device";

    /// <summary>The hub: a user's access token, or a guest token (which the hub limits to its one session's methods).</summary>
    public const string HubCaller = "hub-caller";

    public static void Add(AuthorizationOptions options)
    {
        // Each token does one job: RequireAuthorization() and [Authorize] mean a user's access token (it carries a
        // security stamp), never a device token, which only the device policy accepts.
        var user = new AuthorizationPolicyBuilder()
            .RequireAuthenticatedUser()
            .RequireClaim(OmniBizClaims.SecurityStamp)
            .RequireAssertion(c => !c.User.IsInRole(OmniBizClaims.DeviceRole))
            .Build();
        options.DefaultPolicy = user;
        options.AddPolicy(Staff, p => p.Combine(user).RequireRole(Roles.Staff, Roles.Admin));
        options.AddPolicy(Admin, p => p.Combine(user).RequireRole(Roles.Admin));
        options.AddPolicy(HubCaller, p => p.RequireAuthenticatedUser().RequireAssertion(c =>
            c.User.IsInRole(OmniBizClaims.GuestRole)
                ? c.User.HasClaim(h => h.Type == OmniBizClaims.SessionId) && c.User.HasClaim(h => h.Type == OmniBizClaims.InvitationId)
                : c.User.HasClaim(h => h.Type == OmniBizClaims.SecurityStamp) && !c.User.IsInRole(OmniBizClaims.DeviceRole)));
        options.AddPolicy(MetricsScrape, p => p.AddRequirements(new Hosting.ObservabilityHosting.MetricsScrapeRequirement()));
        options.AddPolicy(Device, p => p.RequireRole(OmniBizClaims.DeviceRole).RequireClaim(OmniBizClaims.VehicleId).RequireClaim(OmniBizClaims.TokenId));
    }
}
