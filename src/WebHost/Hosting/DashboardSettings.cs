namespace OmniBiz.WebHost.Hosting;

/// <summary><c>OmniBiz:Dashboard</c>: what the browser dashboard served at <c>/</c> is told at start.</summary>
public sealed class DashboardSettings
{
    public const string Section = "OmniBiz:Dashboard";

    /// <summary>
    /// A map tile URL template such as <c>https://tiles.example.com/{z}/{x}/{y}.png</c>; without one the map page
    /// draws vehicles on a plain coordinate grid. Its origin is allowed for images by the dashboard's content policy.
    /// </summary>
    public string? TileUrl { get; set; }
}
