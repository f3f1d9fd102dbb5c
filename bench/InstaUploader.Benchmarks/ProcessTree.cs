using System.Globalization;

/// <summary>Memory of a process and its descendants from /proc (Linux only).</summary>
internal static class ProcessTree
{
    /// <summary>
    /// The summed PSS of <paramref name="root"/> and its descendants, leaving out <paramref name="exclude"/> and its
    /// descendants. PSS rather than RSS: Chromium's processes share most of their pages, which RSS counts once per process.
    /// </summary>
    public static double PssMiB(int root, int exclude)
    {
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid) && TryParent(pid) is { } parent)
            {
                parents[pid] = parent;
            }
        }

        var children = parents.ToLookup(p => p.Value, p => p.Key);
        var kb = 0L;
        var pending = new Stack<int>([root]);
        while (pending.TryPop(out var pid))
        {
            if (pid == exclude)
            {
                continue;
            }

            kb += PssKb(pid);
            foreach (var child in children[pid])
            {
                pending.Push(child);
            }
        }

        return kb / 1024.0;
    }

    /// <summary>
    /// CPU seconds (user + system) spent so far, by role: "bench" (<paramref name="bench"/> and its children), and
    /// among the processes the orchestrator (DCP, which detaches from us) runs beside this clone's Web: "web" (the
    /// Web), "postgres" (the server and its backends) and "other".
    /// </summary>
    public static Dictionary<string, double> CpuSecondsByRole(int bench)
    {
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid) && TryParent(pid) is { } parent)
            {
                parents[pid] = parent;
            }
        }

        var children = parents.ToLookup(p => p.Value, p => p.Key);
        var webPrefix = AppContext.BaseDirectory[..AppContext.BaseDirectory.IndexOf("/bench/", StringComparison.Ordinal)] + "/InstaUploader.Web/";
        var web = parents.Keys.FirstOrDefault(pid => CommandLine(pid).StartsWith(webPrefix, StringComparison.Ordinal));
        var seconds = new Dictionary<string, double> { ["web"] = 0, ["postgres"] = 0, ["bench"] = 0, ["other"] = 0 };
        foreach (var (root, role) in new[] { (bench, "bench"), (web != 0 ? parents[web] : 0, (string?)null) })
        {
            var pending = new Stack<int>([root]);
            while (root != 0 && pending.TryPop(out var pid))
            {
                seconds[role ?? Role(pid)] += pid == root && role is null ? 0 : CpuSeconds(pid);
                foreach (var child in children[pid].Where(c => c != bench))
                {
                    pending.Push(child);
                }
            }
        }

        return seconds;
    }

    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static string Role(int pid)
    {
        try
        {
            var command = CommandLine(pid);
            return command.Contains("InstaUploader.Web", StringComparison.Ordinal) ? "web"
                : File.ReadAllText($"/proc/{pid}/comm").Trim() == "postgres" || command.StartsWith("postgres:", StringComparison.Ordinal) ? "postgres"
                : "other";
        }
        catch (IOException)
        {
            return "other";
        }
    }

    private static double CpuSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // utime, stime, cutime, cstime are fields 14-17 of stat (11-14 after "pid (comm) "), in clock ticks (100 a
            // second); the last two hold children that ended and were waited for (closed Chromium renderers, backends).
            return fields[11..15].Sum(f => long.Parse(f, CultureInfo.InvariantCulture)) / 100.0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>CPU seconds spent so far by <paramref name="root"/> and its descendants, leaving out <paramref name="exclude"/>'s tree.</summary>
    public static double CpuSeconds(int root, int exclude)
    {
        var children = Parents().ToLookup(p => p.Value, p => p.Key);
        var seconds = 0.0;
        var pending = new Stack<int>([root]);
        while (pending.TryPop(out var pid))
        {
            if (pid == exclude)
            {
                continue;
            }

            seconds += CpuSeconds(pid);
            foreach (var child in children[pid])
            {
                pending.Push(child);
            }
        }

        return seconds;
    }

    private static Dictionary<int, int> Parents()
    {
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid) && TryParent(pid) is { } parent)
            {
                parents[pid] = parent;
            }
        }

        return parents;
    }

    private static int? TryParent(int pid)
    {
        try
        {
            // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after the last ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static long PssKb(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/smaps_rollup"))
            {
                if (line.StartsWith("Pss:", StringComparison.Ordinal))
                {
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The process ended between listing and reading.
        }

        return 0;
    }
}
