namespace OmniBiz.Silo.Database;

/// <summary>The <c>OmniBiz:DataDir</c> setting: the node's own files (private PostgreSQL, its password, the generated token key).</summary>
public sealed class DataFolderSettings
{
    public const string Section = "OmniBiz";

    /// <summary>Relative paths count from the working directory; unset, <c>.omnibiz</c> there.</summary>
    public string? DataDir { get; set; }
}
