namespace OmniBiz.WebHost.Catalog;

/// <summary>The <c>OmniBiz:Seed</c> settings.</summary>
public sealed class SeedSettings
{
    public const string Section = "OmniBiz:Seed";

    /// <summary>Load the demo products at start-up (fixed ids, created once).</summary>
    public bool DemoCatalog { get; set; }
}
