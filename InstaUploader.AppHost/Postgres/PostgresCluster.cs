using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace InstaUploader.AppHost.Postgres;

/// <summary>
/// Where a PostgreSQL cluster lives and how its server is run: initdb on first use, the server binaries
/// found under /usr/lib/postgresql, and — as root — the unprivileged 'postgres' OS user, because the
/// server refuses to run as root.
/// </summary>
public sealed class PostgresCluster
{
    /// <summary>Where clusters live when the requested directory may sit in a tree the 'postgres' user cannot enter (e.g. a clone under /root).</summary>
    public const string RootOwnedClusters = "/var/lib/instauploader/clusters";

    private PostgresCluster(string dataDirectory, string passwordFile, OsUser? runAs, string binDirectory)
    {
        DataDirectory = dataDirectory;
        PasswordFile = passwordFile;
        RunAs = runAs;
        BinDirectory = binDirectory;
    }

    /// <summary>The directory the server is started on (-D): the real path, never a symlink.</summary>
    public string DataDirectory { get; }
    public string PasswordFile { get; }

    public OsUser? RunAs { get; }
    public string BinDirectory { get; }

    public static PostgresCluster Create(string requestedDirectory, bool ephemeral)
    {
        var binDir = FindBinDirectory();
        var runAs = OsUser.IsRoot
            ? OsUser.Find(Environment.GetEnvironmentVariable("INSTAUPLOADER_PG_USER") ?? "postgres")
              ?? throw new InvalidOperationException("Running as root needs an unprivileged 'postgres' OS user (installed with the postgresql package).")
            : null;
        var requested = Path.GetFullPath(requestedDirectory);
        // A throwaway cluster sits in the temp directory, which the 'postgres' user can always reach.
        var dataDirectory = ephemeral ? requested : ResolveDataDirectory(requested, runAs);
        return new PostgresCluster(dataDirectory, requested + ".password", runAs, binDir);
    }

    /// <summary>The password of the 'postgres' role, made on first use and kept beside the data directory.</summary>
    public string ReadOrCreatePassword()
    {
        if (File.Exists(PasswordFile))
        {
            return File.ReadAllText(PasswordFile).Trim();
        }

        Directory.CreateDirectory(Path.GetDirectoryName(PasswordFile)!);
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        File.WriteAllText(PasswordFile, password);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(PasswordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return password;
    }

    /// <summary>The command and arguments that run <paramref name="program"/> (a server binary) as the cluster's OS user.</summary>
    public (string Command, string[] Args) CommandFor(string program, IEnumerable<string> args) =>
        AsClusterUser(Path.Combine(BinDirectory, program), args);

    /// <summary>The server itself, under <see cref="PostgresLauncher"/>: a quick stop on SIGTERM, log lines at their own level.</summary>
    public (string Command, string[] Args) ServerCommand(IEnumerable<string> args) =>
        AsClusterUser("bash", ["-c", PostgresLauncher.Script, "postgres-launcher", Path.Combine(BinDirectory, "postgres"), "-c", $"log_line_prefix={PostgresLauncher.LinePrefix}", .. args]);

    private (string Command, string[] Args) AsClusterUser(string path, IEnumerable<string> args) =>
        // setpriv execs in place (unlike su/runuser), so the orchestrator's signals reach the command itself;
        // the parent-death signal stops it if the orchestrator itself is killed.
        RunAs is null
            ? (path, args.ToArray())
            : ("setpriv", [$"--reuid={RunAs.Uid}", $"--regid={RunAs.Gid}", "--init-groups", "--pdeathsig=SIGQUIT", "--", path, .. args]);

    public async Task InitializeAsync(string password, Action<string> log, CancellationToken ct)
    {
        if (File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
        {
            StopLeftoverPostmaster(log);
            await ApplyPasswordAsync(password, ct);
            return;
        }

        Directory.CreateDirectory(DataDirectory);
        var pwFile = Path.Combine(Path.GetTempPath(), "instauploader-pw-" + Guid.NewGuid().ToString("n"));
        await File.WriteAllTextAsync(pwFile, password, ct);
        try
        {
            RunAs?.Chown(DataDirectory);
            RunAs?.Chown(pwFile);
            var (command, args) = CommandFor("initdb",
                ["-D", DataDirectory, "-U", LocalPostgresServerResource.UserName, "--pwfile", pwFile,
                 "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C.UTF-8"]);
            var (exitCode, output) = await RunAsync(command, args, ct);
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"initdb failed (exit code {exitCode}): {output.Trim()}");
            }

            log($"initdb created the cluster in {DataDirectory}");
        }
        finally
        {
            File.Delete(pwFile);
        }
    }

    /// <summary>
    /// Sets the 'postgres' role's password to the password file's, in single-user mode (the server is not running yet).
    /// The file is the truth: a root-owned cluster outlives the clone that held its password (delete a clone, clone
    /// again at the same path, and the old cluster is found with a new password file), which left the server refusing
    /// every connection. The password goes in on stdin, never on a command line.
    /// </summary>
    private async Task ApplyPasswordAsync(string password, CancellationToken ct)
    {
        var (command, args) = CommandFor("postgres", ["--single", "-D", DataDirectory, "-c", "log_min_messages=warning", "postgres"]);
        var psi = new ProcessStartInfo(command, args)
        {
            WorkingDirectory = DataDirectory, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        var role = LocalPostgresServerResource.UserName;
        await process.StandardInput.WriteLineAsync($"ALTER ROLE {role} PASSWORD '{password.Replace("'", "''", StringComparison.Ordinal)}';");
        process.StandardInput.Close();
        await process.WaitForExitAsync(ct);
        var output = await stdout + await stderr;
        if (process.ExitCode != 0 || output.Contains("ERROR", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"setting the postgres password failed (exit code {process.ExitCode}): {output.Trim()}");
        }
    }

    /// <summary>
    /// As root, a cluster under a directory only root can enter is unreachable for the 'postgres' user: such a
    /// cluster lives under <see cref="RootOwnedClusters"/> (one directory per requested path) and the requested
    /// path becomes a symlink to it, so `.instauploader/pgdata` still shows where the data is.
    /// </summary>
    private static string ResolveDataDirectory(string requested, OsUser? runAs)
    {
        if (runAs is null || OperatingSystem.IsWindows())
        {
            return requested;
        }

        var info = new DirectoryInfo(requested);
        if (info.LinkTarget is { } target)
        {
            return Path.GetFullPath(target, Path.GetDirectoryName(requested)!);
        }

        if (info.Exists)
        {
            return requested; // a cluster from before this layout, where 'postgres' could reach it
        }

        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(requested)))[..16].ToLowerInvariant();
        var home = Path.Combine(RootOwnedClusters, hash);
        if (Directory.Exists(home))
        {
            // The cluster of an earlier clone at this path, whose link, password and key certificate went with it: its
            // secrets cannot be read here, so it is kept aside, not reused, and this clone starts a database of its own.
            var aside = $"{home}.orphaned-{DateTime.UtcNow:yyyyMMddHHmmss}";
            Directory.Move(home, aside);
            Console.WriteLine($"InstaUploader: the database of an earlier clone at this path was moved to {aside}; this clone starts a new one");
        }

        Directory.CreateDirectory(RootOwnedClusters);
        File.SetUnixFileMode("/var/lib/instauploader", (UnixFileMode)0b111_101_101);
        File.SetUnixFileMode(RootOwnedClusters, (UnixFileMode)0b111_101_101);
        Directory.CreateDirectory(Path.GetDirectoryName(requested)!);
        File.CreateSymbolicLink(requested, home);
        return home;
    }

    /// <summary>A postmaster left running by a killed orchestrator still holds the data directory: stop it first.</summary>
    private void StopLeftoverPostmaster(Action<string> log)
    {
        var pidFile = Path.Combine(DataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var pid) || !IsAlive(pid)
            || !File.ReadAllText($"/proc/{pid}/cmdline").Contains(DataDirectory, StringComparison.Ordinal))
        {
            return;
        }

        log($"stopping a postmaster left over from an earlier run (pid {pid})");
        using var kill = Process.Start("kill", ["-INT", pid.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        for (var i = 0; i < 150 && IsAlive(pid); i++)
        {
            Thread.Sleep(100);
        }
    }

    private static string FindBinDirectory()
    {
        if (Environment.GetEnvironmentVariable("POSTGRES_BIN_DIR") is { Length: > 0 } configured)
        {
            return configured;
        }

        const string root = "/usr/lib/postgresql";
        var dir = Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Where(d => File.Exists(Path.Combine(d, "bin", "postgres")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
        return dir is not null
            ? Path.Combine(dir, "bin")
            : throw new InvalidOperationException("No PostgreSQL server binaries under /usr/lib/postgresql (install the 'postgresql' package) and POSTGRES_BIN_DIR is not set.");
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string command, string[] args, CancellationToken ct)
    {
        var psi = new ProcessStartInfo(command, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return (process.ExitCode, await stdout + await stderr);
    }

    internal static bool IsAlive(int pid) =>
        File.Exists($"/proc/{pid}/status")
        && !File.ReadLines($"/proc/{pid}/status").Any(l => l.StartsWith("State:", StringComparison.Ordinal) && l.Contains('Z', StringComparison.Ordinal));

}

/// <summary>An OS account read from /etc/passwd.</summary>
public sealed record OsUser(string Name, int Uid, int Gid, string Home)
{
    public static bool IsRoot => File.Exists("/proc/self/status")
        && File.ReadLines("/proc/self/status").Any(l => l.StartsWith("Uid:", StringComparison.Ordinal) && l.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1] == "0");

    public static OsUser? Find(string name)
    {
        var fields = File.Exists("/etc/passwd")
            ? File.ReadLines("/etc/passwd").Select(l => l.Split(':')).FirstOrDefault(f => f.Length >= 7 && f[0] == name)
            : null;
        return fields is null
            ? null
            : new OsUser(name, int.Parse(fields[2], CultureInfo.InvariantCulture), int.Parse(fields[3], CultureInfo.InvariantCulture), fields[5]);
    }

    public void Chown(string path)
    {
        using var chown = Process.Start("chown", ["-R", $"{Uid}:{Gid}", path]);
        chown.WaitForExit();
    }
}
