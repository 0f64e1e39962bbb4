using Microsoft.AspNetCore.SignalR;

namespace OmniBiz.WebHost.Realtime;

public static class RealtimeExtensions
{
    public const string HubPath = "/hubs/omnibiz";

    public static WebApplicationBuilder AddOmniBizRealtime(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<RealtimeSettings>(builder.Configuration.GetSection(RealtimeSettings.Section));
        builder.Services.AddOptions<OmniBiz.Grains.Realtime.RealtimeFanoutSettings>().BindConfiguration(OmniBiz.Grains.Realtime.RealtimeFanoutSettings.Section);
        builder.Services.AddSingleton<HubLoggingFilter>();
        builder.Services.AddSingleton<HubLimitsFilter>();
        builder.Services.AddSingleton<HubSessionFilter>();
        foreach (var category in HubLoggingFilter.ReplacedCategories)
        {
            builder.Logging.AddFilter(category, LogLevel.None);
        }

        builder.Services.AddSignalR(o =>
        {
            // Outermost first: the logging filter sees the refusals of the others.
            o.AddFilter<HubLoggingFilter>();
            o.AddFilter<HubSessionFilter>();
            o.AddFilter<HubLimitsFilter>();
            o.AddFilter(new DomainExceptionHubFilter());
            o.AddFilter(new GuestHubFilter());
            o.AddFilter(new HubInputFilter());
            // Room above the 64 KiB signal limit, so an oversized signal is refused with a reason instead of closing the connection.
            o.MaximumReceiveMessageSize = 128 * 1024;
        });
        builder.Services.AddSingleton<RealtimeNode>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RealtimeNode>());
        return builder;
    }

    public static IEndpointRouteBuilder MapRealtime(this IEndpointRouteBuilder app)
    {
        // Stateful reconnect: a client that opts in (WithStatefulReconnect) and drops for a moment gets back the
        // messages buffered for it instead of missing them.
        app.MapHub<OmniBizHub>(HubPath, o => o.AllowStatefulReconnects = true);
        return app;
    }
}
