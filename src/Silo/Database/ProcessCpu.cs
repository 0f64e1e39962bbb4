using System.Globalization;

namespace OmniBiz.Silo.Database;

/// <summary>
/// CPU time of a process and of its children, read from <c>/proc</c> (Linux). For PostgreSQL's postmaster this is
/// the whole server: its own time, the time of the backends and workers running now, and of those that have exited
/// (the postmaster reaps them, so the kernel adds their time to its children's total).
/// </summary>
public static class ProcessCpu
{
    private static readonly double TicksPerSecond = 100; // USER_HZ: 100 on every Linux the product runs on

    /// <summary>The process tree's CPU seconds since it started, or null when /proc cannot tell (not Linux, process gone).</summary>
    public static double? TreeSeconds(int processId)
    {
        if (!OperatingSystem.IsLinux() || Read(processId) is not { } root)
        {
            return null;
        }

        var ticks = root.Own + root.ReapedChildren;
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid != processId
                && Read(pid) is { } child && child.ParentId == processId)
            {
                ticks += child.Own;
            }
        }

        return ticks / TicksPerSecond;
    }

    private static (int ParentId, long Own, long ReapedChildren)? Read(int processId)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{processId}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        // The command name (field 2) is in parentheses and may hold spaces: fields after it start past the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // fields[0] is field 3 (state): ppid is field 4, utime 14, stime 15, cutime 16, cstime 17.
        return (int.Parse(fields[1], CultureInfo.InvariantCulture),
            long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture),
            long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture));
    }
}
