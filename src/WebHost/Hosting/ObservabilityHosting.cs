using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OmniBiz.Silo.Hosting;
using OmniBiz.WebHost.Auth;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Orleans.Dashboard;

namespace OmniBiz.WebHost.Hosting;

/// <summary>
/// What operators see of a web node: OpenTelemetry (the node's and ASP.NET Core's meters and traces on top of
/// <see cref="TelemetryHosting"/>), the Prometheus scrape endpoint <c>GET /metrics</c> (an admin's token or the scrape
/// key) and the Orleans Dashboard at <c>/orleans</c> (admins; a browser signs in with a cookie only that path reads).
/// </summary>
public static class ObservabilityHosting
{
    public const string MetricsPath = "/metrics";
    public const string OrleansDashboardPath = "/orleans";

    /// <summary>The cookie that carries an admin's access token to <c>/orleans</c> (and nowhere else).</summary>
    public const string OrleansDashboardCookie = "omnibiz_orleans";

    public static WebApplicationBuilder AddOmniBizObservability(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<MetricsSettings>(builder.Configuration.GetSection(MetricsSettings.Section));
        builder.Services.AddSingleton<IAuthorizationHandler, MetricsScrapeHandler>();
        var telemetry = builder.AddOmniBizTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddMeter("Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Http.Connections", "Microsoft.AspNetCore.SignalR")
                .AddPrometheusExporter());
        if (TelemetryHosting.OtlpEndpoint(builder.Configuration) is not null)
        {
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments(MetricsPath))
                .AddSource("Microsoft.AspNetCore.SignalR.Server"));
        }

        return builder;
    }

    public static WebApplication MapOmniBizObservability(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint(MetricsPath).RequireAuthorization(Policies.MetricsScrape);
        if (app.Services.GetRequiredService<IOptions<TelemetrySettings>>().Value.OrleansDashboard)
        {
            app.MapOrleansDashboard(OrleansDashboardPath).RequireAuthorization(Policies.Admin).ExcludeFromDescription();
            app.MapPost("/api/admin/orleans-dashboard/session", OpenOrleansDashboard).WithTags("Operations").RequireAuthorization(Policies.Admin)
                .WithName("OpenOrleansDashboard")
                .WithSummary("Lets this browser open the Orleans Dashboard at /orleans: sets an HttpOnly cookie, sent only to that path, holding the caller's access token until it expires.");
        }

        return app;
    }

    private static NoContent OpenOrleansDashboard(HttpContext http)
    {
        var token = http.Request.Headers.Authorization.ToString()["Bearer ".Length..].Trim();
        var expires = http.User.FindFirst("exp")?.Value is { } exp && long.TryParse(exp, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : DateTimeOffset.UtcNow.AddMinutes(15);
        http.Response.Cookies.Append(OrleansDashboardCookie, token, new CookieOptions
        {
            Path = OrleansDashboardPath,
            HttpOnly = true,
            Secure = http.Request.IsHttps,
            SameSite = SameSiteMode.Strict,
            Expires = expires,
        });
        return TypedResults.NoContent();
    }

    /// <summary>
    /// A browser cannot put its token in a header when it navigates: on <c>/orleans</c> (only there) the JWT handler
    /// reads it from <see cref="OrleansDashboardCookie"/>.
    /// </summary>
    public static string? DashboardCookieToken(HttpRequest request) =>
        request.Path.StartsWithSegments(OrleansDashboardPath) && request.Headers.Authorization.Count == 0
            ? request.Cookies[OrleansDashboardCookie]
            : null;

    /// <summary>Scraping <c>/metrics</c>: an admin's access token, or the configured scrape key as a bearer token.</summary>
    public sealed class MetricsScrapeRequirement : IAuthorizationRequirement;

    private sealed class MetricsScrapeHandler(IOptions<MetricsSettings> settings) : AuthorizationHandler<MetricsScrapeRequirement>
    {
        protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, MetricsScrapeRequirement requirement)
        {
            if (context.User.IsInRole(GrainInterfaces.Identity.Roles.Admin) && context.User.HasClaim(c => c.Type == OmniBizClaims.SecurityStamp))
            {
                context.Succeed(requirement);
            }
            else if (context.Resource is HttpContext http && KeyMatches(settings.Value.ScrapeKey, http.Request.Headers.Authorization.ToString()))
            {
                context.Succeed(requirement);
            }

            return Task.CompletedTask;
        }

        private static bool KeyMatches(string key, string authorization)
        {
            if (key.Length == 0 || !authorization.StartsWith("Bearer ", StringComparison.Ordinal))
            {
                return false;
            }

            var sent = Encoding.UTF8.GetBytes(authorization["Bearer ".Length..].Trim());
            return CryptographicOperations.FixedTimeEquals(sent, Encoding.UTF8.GetBytes(key));
        }
    }
}
