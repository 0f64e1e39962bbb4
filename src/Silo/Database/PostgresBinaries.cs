namespace OmniBiz.Silo.Database;

/// <summary>Finds the PostgreSQL server programs (initdb, pg_ctl, postgres) on this machine.</summary>
public static class PostgresBinaries
{
    public const string InstallHint =
        "OmniBiz needs PostgreSQL. Either install its server binaries (Debian/Ubuntu: `sudo apt-get install postgresql`; " +
        "macOS: `brew install postgresql`), or point OmniBiz at a running server with the setting " +
        "ConnectionStrings:OmniBiz (environment variable ConnectionStrings__OmniBiz).";

    /// <summary>The folder holding initdb and pg_ctl, or null when none is found.</summary>
    public static string? Find(string? configuredFolder)
    {
        if (!string.IsNullOrWhiteSpace(configuredFolder))
        {
            return HasServerPrograms(configuredFolder) ? configuredFolder : null;
        }

        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var pgCtl = Path.Combine(folder, "pg_ctl");
            if (!File.Exists(pgCtl))
            {
                continue;
            }

            // Debian links the programs into /usr/bin or /usr/local/bin; the real folder holds all of them.
            var target = new FileInfo(pgCtl).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? pgCtl;
            var realFolder = Path.GetDirectoryName(target)!;
            if (HasServerPrograms(realFolder))
            {
                return realFolder;
            }
        }

        // Debian and Ubuntu packages install under /usr/lib/postgresql/<major>/bin without touching PATH.
        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
        {
            return Directory.GetDirectories(debianRoot)
                .Select(d => (Folder: Path.Combine(d, "bin"), Major: int.TryParse(Path.GetFileName(d), out var m) ? m : 0))
                .Where(c => HasServerPrograms(c.Folder))
                .OrderByDescending(c => c.Major)
                .Select(c => c.Folder)
                .FirstOrDefault();
        }

        return null;
    }

    private static bool HasServerPrograms(string folder) =>
        File.Exists(Path.Combine(folder, "initdb")) && File.Exists(Path.Combine(folder, "pg_ctl")) && File.Exists(Path.Combine(folder, "postgres"));
}
