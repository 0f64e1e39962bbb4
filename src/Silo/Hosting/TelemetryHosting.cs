using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using OmniBiz.Grains.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace OmniBiz.Silo.Hosting;

/// <summary>
/// OpenTelemetry for every node kind: Orleans' own meter and activity sources, Npgsql, the .NET runtime and the product
/// meter (<see cref="OmniBizMetrics"/>), exported by OTLP when a collector is configured. Web nodes add ASP.NET Core's
/// instrumentation and the Prometheus scrape endpoint on top.
/// </summary>
public static class TelemetryHosting
{
    /// <summary>Orleans' meter; its instruments appear in Prometheus as <c>orleans_…</c>.</summary>
    public const string OrleansMeter = "Microsoft.Orleans";

    public static OpenTelemetryBuilder AddOmniBizTelemetry(this IHostApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(TelemetrySettings.Section).Get<TelemetrySettings>() ?? new TelemetrySettings();
        builder.Services.Configure<TelemetrySettings>(builder.Configuration.GetSection(TelemetrySettings.Section));
        var telemetry = builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddMeter(OrleansMeter, OmniBizMetrics.MeterName)
                .AddNpgsqlInstrumentation()
                .AddRuntimeInstrumentation())
            .WithTracing(tracing => tracing
                .AddSource("Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application")
                .AddNpgsql());
        var endpoint = string.IsNullOrWhiteSpace(settings.OtlpEndpoint)
            ? builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]
            : settings.OtlpEndpoint;
        if (!string.IsNullOrWhiteSpace(endpoint))
        {
            telemetry.UseOtlpExporter(OpenTelemetry.Exporter.OtlpExportProtocol.Grpc, new Uri(endpoint));
        }

        return telemetry;
    }
}
