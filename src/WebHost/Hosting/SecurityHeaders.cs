using Microsoft.Extensions.Options;

namespace OmniBiz.WebHost.Hosting;

/// <summary>Headers every response carries, whatever answers it (endpoints, problem details, static files).</summary>
public static class SecurityHeaders
{
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        var dashboardPolicy = DashboardHosting.ContentSecurityPolicy(
            app.ApplicationServices.GetService<IOptions<DashboardSettings>>()?.Value.TileUrl);
        return app.Use((context, next) =>
        {
            // Set as the response starts: the exception handler clears headers set earlier.
            context.Response.OnStarting(state =>
            {
                var http = (HttpContext)state;
                var headers = http.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                // The dashboard's files get its full policy; the server's own paths only forbid framing.
                headers.ContentSecurityPolicy = DashboardHosting.IsServerPath(http.Request.Path) ? "frame-ancestors 'none'" : dashboardPolicy;
                headers["Referrer-Policy"] = "no-referrer";
                return Task.CompletedTask;
            }, context);
            return next(context);
        });
    }
}
