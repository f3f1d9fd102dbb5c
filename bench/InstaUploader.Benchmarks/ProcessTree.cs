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
