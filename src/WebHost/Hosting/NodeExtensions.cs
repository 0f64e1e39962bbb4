using System.Net;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using OmniBiz.Silo.Hosting;
using OmniBiz.WebHost.Catalog;
using OmniBiz.WebHost.Common;
using OmniBiz.WebHost.Fleet;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OmniBiz.Grains.Messaging;
using OmniBiz.WebHost.Identity;
using OmniBiz.WebHost.Limits;
using OmniBiz.WebHost.Messaging;
using OmniBiz.WebHost.Support;
using OmniBiz.WebHost.Orders;
using OmniBiz.WebHost.Purchasing;

using OmniBiz.WebHost.Realtime;

namespace OmniBiz.WebHost.Hosting;

public static class NodeExtensions
{
    /// <summary>The default request body limit; endpoints that take uploads raise their own.</summary>
    public const long DefaultMaxRequestBodyBytes = 1024 * 1024;

    /// <summary>PostgreSQL, then a co-hosted silo or a cluster client, per <c>OmniBiz:Cluster</c>.</summary>
    public static WebApplicationBuilder AddOmniBizNode(this WebApplicationBuilder builder)
    {
        EnsureHttpPortsFree(builder.Configuration);
        var database = builder.AddOmniBizDatabase();
        var cluster = ClusterSettings.From(builder.Configuration);
        if (cluster.CoHostSilo)
        {
            builder.AddOmniBizSilo(database);
        }
        else
        {
            // A gateway lost may be a silo that died: its topics come back elsewhere, so renew registrations now.
            builder.AddOmniBizClusterClient(database, client => client.AddGatewayCountChangedHandler(
                services => (_, _) => services.GetRequiredService<RealtimeNode>().GatewaysChanged()));
        }

        builder.Services.Configure<AdminSettings>(builder.Configuration.GetSection(AdminSettings.Section));
        builder.Services.AddHostedService<AdminBootstrap>();
        builder.Services.AddHostedService<DemoCatalog>();
        return builder;
    }

    /// <summary>Problem details, JSON, limits, OpenAPI and health checks.</summary>
    public static WebApplicationBuilder AddOmniBizApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = c => ProblemMapping.CamelCaseFields(c.ProblemDetails));
        builder.Services.AddExceptionHandler<ProblemMapping>();
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.Configure<KestrelServerOptions>(o =>
        {
            o.Limits.MaxRequestBodySize = (builder.Configuration.GetSection(RequestLimitSettings.Section).Get<RequestLimitSettings>() ?? new()).MaxRequestBodyBytes;
            o.Limits.MaxRequestLineSize = InputValidation.KestrelRequestLineBytes;
            o.AddServerHeader = false;
        });
        builder.Services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer<BearerSecurityTransformer>();
            o.AddOperationTransformer<BearerSecurityTransformer>();
            o.AddOperationTransformer<ErrorResponsesTransformer>();
            o.AddSchemaTransformer<WireSchemaTransformer>();
        });
        builder.AddOmniBizCors();
        builder.AddOmniBizLimits();
        builder.Services.AddHealthChecks().AddCheck<ReadinessCheck>("ready", tags: ["ready"]);
        builder.Services.AddSingleton<ProductQueries>();
        builder.Services.AddSingleton<OrderQueries>();
        builder.Services.AddSingleton<PurchasingQueries>();
        builder.Services.AddSingleton<FleetQueries>();
        builder.Services.AddSingleton<MessagingQueries>();
        builder.Services.AddSingleton<SupportQueries>();
        builder.Services.TryAddSingleton<MessageStore>();
        builder.Services.Configure<AttachmentSettings>(builder.Configuration.GetSection(AttachmentSettings.Section));
        builder.Services.AddSingleton<TypingTracker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<TypingTracker>());
        builder.Services.AddHostedService<AttachmentCleanup>();
        // Devices may send NaN or numbers as strings; those reach the per-ping checks instead of failing the whole batch.
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.AllowNamedFloatingPointLiterals;
            o.SerializerOptions.Converters.Add(new TextJsonConverter());
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, FleetJsonContext.Default);
        });
        builder.Services.AddValidation();
        return builder;
    }

    /// <summary>
    /// Cross-origin access for the origins in <c>OmniBiz:Cors:Origins</c> (none by default). SignalR's browser client
    /// sends credentials with its negotiate request, so the named origins are allowed credentials; a wildcard never is.
    /// </summary>
    public static WebApplicationBuilder AddOmniBizCors(this WebApplicationBuilder builder)
    {
        var origins = builder.Configuration.GetSection(CorsSettings.Section).Get<CorsSettings>()?.Origins ?? [];
        builder.Services.AddCors(o => o.AddDefaultPolicy(policy =>
        {
            if (origins.Length > 0)
            {
                policy.WithOrigins(origins).AllowAnyHeader().AllowAnyMethod().AllowCredentials()
                    .WithExposedHeaders("Location", "Retry-After").SetPreflightMaxAge(TimeSpan.FromMinutes(10));
            }
        }));
        return builder;
    }

    public static WebApplication UseOmniBizPipeline(this WebApplication app)
    {
        app.UseResponseObserver(app.Configuration);
        app.UseSecurityHeaders();
        if (!app.Environment.IsDevelopment())
        {
            // Only HTTPS responses carry it: a node behind a TLS-terminating proxy needs forwarded headers for that.
            app.UseHsts();
        }

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseCors(); // first, so that refusals below still carry the CORS headers a dashboard needs to read them
        app.UseInputValidation();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapApiReference();
        app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        app.MapHealthChecks("/alive", new HealthCheckOptions { Predicate = _ => false });
        return app;
    }

    /// <summary>
    /// Refuses to start, with one clear line, when a port the node is told to serve HTTP on is taken — before the
    /// database, the silo and Kestrel start, so the refusal is not buried under their shutdown. Host names other than
    /// localhost and addresses Kestrel resolves itself are left to Kestrel (its refusal is reported the same way).
    /// </summary>
    private static void EnsureHttpPortsFree(IConfiguration configuration)
    {
        var urls = configuration["urls"] is { Length: > 0 } configured ? configured : "http://localhost:5000";
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parsable = url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
            if (!Uri.TryCreate(parsable, UriKind.Absolute, out var uri) || uri.Port <= 0)
            {
                continue;
            }

            var address = uri.IsLoopback && !IPAddress.TryParse(uri.Host.Trim('[', ']'), out _) ? IPAddress.Loopback
                : IPAddress.TryParse(uri.Host.Trim('[', ']'), out var parsed) ? parsed : null;
            if (address is not null)
            {
                StartupFailure.EnsurePortFree(address, uri.Port, "urls (--urls or ASPNETCORE_URLS)");
            }
        }
    }
}
