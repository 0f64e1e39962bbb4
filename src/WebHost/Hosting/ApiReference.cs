using Scalar.AspNetCore;

namespace OmniBiz.WebHost.Hosting;

/// <summary>
/// The interactive API reference at <c>/docs</c> (Scalar), drawn from <c>/openapi/v1.json</c>. Its script is served by
/// the node itself and it loads no fonts, so it works without Internet access; a person pastes an access token under
/// the Bearer scheme and sends calls to this node.
/// </summary>
public static class ApiReference
{
    public const string Path = "/docs";

    public static WebApplication MapApiReference(this WebApplication app)
    {
        app.MapScalarApiReference(Path, o => o
            .WithTitle("OmniBiz API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .DisableDefaultFonts()
            .DisableTelemetry()
            .AddPreferredSecuritySchemes(BearerSecurityTransformer.SchemeName));
        return app;
    }
}
