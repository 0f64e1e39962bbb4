namespace OmniBiz.Silo.Database;

/// <summary>The <c>OmniBiz:Postgres</c> settings: where the private PostgreSQL's programs are.</summary>
public sealed class PostgresSettings
{
    public const string Section = "OmniBiz:Postgres";

    /// <summary>The folder holding <c>initdb</c>, <c>pg_ctl</c> and <c>postgres</c>; unset, they are looked for on PATH and in the usual places.</summary>
    public string? BinDir { get; set; }

    /// <summary>PostgreSQL settings for the embedded server by name; they add to or override <see cref="ServerSettings.Defaults"/>.</summary>
    public Dictionary<string, string> Settings { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
