namespace OmniBiz.Silo.Hosting;

/// <summary><c>OmniBiz:Telemetry</c>: where metrics and traces go besides the node's own <c>/metrics</c>.</summary>
public sealed class TelemetrySettings
{
    public const string Section = "OmniBiz:Telemetry";

    /// <summary>
    /// An OpenTelemetry collector (OTLP over gRPC, e.g. <c>http://collector:4317</c>) to export metrics and traces to;
    /// empty sends nothing. The standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> variable works too.
    /// </summary>
    public string OtlpEndpoint { get; set; } = "";

    /// <summary>
    /// Serve the Orleans Dashboard (grain and silo statistics) at <c>/orleans</c> for admins. Its profiler times every
    /// grain call; turn it off where that cost matters more than the view.
    /// </summary>
    public bool OrleansDashboard { get; set; } = true;
}
