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
        builder.Services.Configure<TelemetrySettings>(builder.Configuration.GetSection(TelemetrySettings.Section));
        var telemetry = builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddMeter(OrleansMeter, OmniBizMetrics.MeterName)
                .AddNpgsqlInstrumentation()
                .AddRuntimeInstrumentation());
        if (OtlpEndpoint(builder.Configuration) is { } endpoint)
        {
            // Traces only when they go somewhere: a recorded activity per request and grain call costs CPU.
            telemetry.WithTracing(tracing => tracing
                    .AddSource("Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application")
                    .AddNpgsql())
                .UseOtlpExporter(OpenTelemetry.Exporter.OtlpExportProtocol.Grpc, endpoint);
        }

        return telemetry;
    }

    /// <summary>The collector to export to: <c>OmniBiz:Telemetry:OtlpEndpoint</c>, else <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, else none.</summary>
    public static Uri? OtlpEndpoint(IConfiguration configuration)
    {
        var configured = configuration.GetSection(TelemetrySettings.Section).Get<TelemetrySettings>()?.OtlpEndpoint;
        var endpoint = string.IsNullOrWhiteSpace(configured) ? configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] : configured;
        return string.IsNullOrWhiteSpace(endpoint) ? null : new Uri(endpoint);
    }
}
