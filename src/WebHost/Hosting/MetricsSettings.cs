namespace OmniBiz.WebHost.Hosting;

/// <summary><c>OmniBiz:Metrics</c>: who may scrape <c>GET /metrics</c> besides an admin.</summary>
public sealed class MetricsSettings
{
    public const string Section = "OmniBiz:Metrics";

    /// <summary>
    /// A secret a Prometheus server sends as <c>Authorization: Bearer …</c> to scrape <c>/metrics</c> (at least 32
    /// characters); empty lets only admins' access tokens scrape.
    /// </summary>
    public string ScrapeKey { get; set; } = "";
}
