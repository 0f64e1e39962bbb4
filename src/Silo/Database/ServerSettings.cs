using System.Globalization;
using System.Text;

namespace OmniBiz.Silo.Database;

/// <summary>
/// The settings the embedded PostgreSQL starts with: sized for a node that writes a lot (messages, trails, grain
/// state) and never weakens durability — every commit is still flushed to disk before it is acknowledged
/// (<c>synchronous_commit</c> and <c>fsync</c> stay on). <c>OmniBiz:Postgres:Settings:{name}</c> adds or overrides any.
/// </summary>
public static class ServerSettings
{
    /// <summary>The defaults for a machine with <paramref name="memoryBytes"/> of memory.</summary>
    public static Dictionary<string, string> Defaults(long memoryBytes)
    {
        // A sixteenth of the machine, between PostgreSQL's own 128 MB and 1 GB: the node shares the machine with it.
        var sharedBuffersMb = Math.Clamp(memoryBytes / 16 / (1024 * 1024), 128, 1024);
        return new(StringComparer.OrdinalIgnoreCase)
        {
            ["shared_buffers"] = string.Create(CultureInfo.InvariantCulture, $"{sharedBuffersMb}MB"),
            // Room for the WAL of many concurrent commits between flushes (the automatic size caps at 16MB anyway).
            ["wal_buffers"] = "16MB",
            // Fewer checkpoints: each one makes the next change of every page log a full page image.
            ["max_wal_size"] = "2GB",
            ["min_wal_size"] = "256MB",
            ["checkpoint_timeout"] = "15min",
        };
    }

    /// <summary>The <c>-c name=value</c> options for <c>pg_ctl -o</c>: the defaults, then the configured ones.</summary>
    public static string CommandLine(IReadOnlyDictionary<string, string> configured)
    {
        var settings = Defaults(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);
        foreach (var (name, value) in configured)
        {
            settings[name] = value;
        }

        var text = new StringBuilder();
        foreach (var (name, value) in settings)
        {
            if (!IsName(name) || value.Any(c => char.IsControl(c) || c is '\'' or '"' or '\\'))
            {
                throw new InvalidOperationException($"OmniBiz:Postgres:Settings:{name} is not a usable PostgreSQL setting (names are letters, digits and underscores; values hold no quotes).");
            }

            text.Append(CultureInfo.InvariantCulture, $" -c {name}='{value}'");
        }

        return text.ToString();
    }

    private static bool IsName(string name) => name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.');
}
