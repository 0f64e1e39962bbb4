using Microsoft.Extensions.Options;

namespace OmniBiz.WebHost.Hosting;

/// <summary>
/// Serves the Blazor WebAssembly dashboard (src/Dashboard) at <c>/</c>: its files precompressed and cached through
/// static web assets, deep links answered with index.html, and the server's own paths left to their endpoints.
/// </summary>
public static class DashboardHosting
{
    /// <summary>Paths that belong to the server, never to the app: an unknown one is a 404, not the app's page.</summary>
    private static readonly string[] ServerPaths = ["/api", "/hubs", "/openapi", "/health", "/alive", "/metrics", "/orleans", "/docs", "/scalar", "/swagger"];

    public static WebApplicationBuilder AddOmniBizDashboard(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<DashboardSettings>(builder.Configuration.GetSection(DashboardSettings.Section));
        // Outside Development the files of a build (not a publish) are found through the static web assets manifest
        // next to the assembly; a published node has them in wwwroot and no manifest, which makes this a no-op.
        builder.WebHost.UseStaticWebAssets();
        return builder;
    }

    public static WebApplication MapOmniBizDashboard(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapGet("/dashboard/config.json", (IOptions<DashboardSettings> settings) =>
                TypedResults.Ok(new DashboardConfig(string.IsNullOrWhiteSpace(settings.Value.TileUrl) ? null : settings.Value.TileUrl)))
            .AllowAnonymous().ExcludeFromDescription();
        // Join links carry a signed token whose dots would make the path look like a file's.
        app.MapFallbackToFile("/sessions/join/{token}", "index.html");
        app.MapFallbackToFile("{*path:nonfile}", "index.html").Add(endpoint =>
        {
            // Deep links of the app only: a GET below a server path keeps its 404.
            var inner = endpoint.RequestDelegate!;
            endpoint.RequestDelegate = context =>
            {
                if (IsServerPath(context.Request.Path))
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return Task.CompletedTask;
                }

                context.Response.Headers.CacheControl = "no-cache";
                return inner(context);
            };
        });
        return app;
    }

    public static bool IsServerPath(PathString path) =>
        ServerPaths.Any(prefix => path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase));

    /// <summary>The content security policy of the dashboard's pages: its own scripts and WebAssembly, the hub, tiles.</summary>
    public static string ContentSecurityPolicy(string? tileUrl)
    {
        var tiles = "";
        if (Uri.TryCreate(tileUrl?.Replace("{", "", StringComparison.Ordinal).Replace("}", "", StringComparison.Ordinal), UriKind.Absolute, out var uri))
        {
            tiles = " " + uri.GetLeftPart(UriPartial.Authority);
        }

        return "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; " +
               $"img-src 'self' data: blob:{tiles}; media-src 'self' blob: mediastream:; connect-src 'self'; " +
               "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
    }

    private sealed record DashboardConfig(string? TileUrl);
}
