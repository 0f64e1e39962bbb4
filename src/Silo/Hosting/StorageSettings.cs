namespace OmniBiz.Silo.Hosting;

/// <summary><c>OmniBiz:Storage</c>: how grain state is written.</summary>
public sealed class StorageSettings
{
    public const string Section = "OmniBiz:Storage";

    /// <summary>
    /// <c>binary</c> (Orleans' serializer) or <c>json</c>, the format of versions before it. Both are always read;
    /// <c>json</c> is for a rolling upgrade from such a version, while silos that cannot read binary still run.
    /// </summary>
    public string StateFormat { get; set; } = "binary";

    public bool WritesJson => string.Equals(StateFormat, "json", StringComparison.OrdinalIgnoreCase);
}
