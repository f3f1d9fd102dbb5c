using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Aspire.Hosting.ApplicationModel;
using Npgsql;

namespace Aspire.Hosting.Orchestration;

/// <summary>
/// Runs a PostgreSQL cluster from the installed server binaries: initdb on first use, then the postmaster
/// as a child process on a free loopback port. As root it runs as the unprivileged 'postgres' OS user,
/// because the server refuses to run as root.
/// </summary>
internal sealed class EmbeddedPostgres(PostgresServerResource resource, DistributedApplicationExecutionOptions options, ResourceLogBuffer logs, Action<string> echo)
{
    private Process? _process;
    private PostmasterWatchdog? _watchdog;
    private string? _dataDir;

    public int? ProcessId => _process is { HasExited: false } p ? p.Id : null;

    public async Task StartAsync(CancellationToken ct)
    {
        var binDir = FindBinDirectory();
        _dataDir = options.EphemeralData
            ? Path.Combine(Path.GetTempPath(), "instauploader-pg-" + Guid.NewGuid().ToString("n")[..12])
            : Path.GetFullPath(resource.DataDirectory ?? Path.Combine(".instauploader", "pgdata"), options.WorkingDirectory);
        var runAs = ProcessSignals.IsRoot ? OsUser.Find(Environment.GetEnvironmentVariable("INSTAUPLOADER_PG_USER") ?? "postgres") : null;
        if (ProcessSignals.IsRoot && runAs is null)
        {
            throw new InvalidOperationException("Running as root needs an unprivileged 'postgres' OS user (installed with the postgresql package).");
        }

        resource.Password = await EnsurePasswordAsync(_dataDir + ".password", ct).ConfigureAwait(false);
        if (!File.Exists(Path.Combine(_dataDir, "PG_VERSION")))
        {
            await InitDbAsync(binDir, runAs, ct).ConfigureAwait(false);
        }

        StopStalePostmaster(_dataDir);
        resource.Port ??= PortAllocator.GetFreePort();
        var args = new List<string>
        {
            "-D", _dataDir, "-p", resource.Port.Value.ToString(CultureInfo.InvariantCulture),
            "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=300",
        };
        if (options.EphemeralData)
        {
            // Throwaway clusters trade durability for speed.
            args.AddRange(["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]);
        }

        _process = Start(Path.Combine(binDir, "postgres"), args, runAs);
        _watchdog = PostmasterWatchdog.Start(_process.Id, options.EphemeralData ? [_dataDir, _dataDir + ".password"] : []);
        await WaitUntilReadyAsync(ct).ConfigureAwait(false);
        foreach (var db in resource.Databases)
        {
            await CreateDatabaseAsync(db.DatabaseName, ct).ConfigureAwait(false);
        }
    }

    public async Task StopAsync()
    {
        _watchdog?.Dispose();
        _watchdog = null;
        if (_process is not null)
        {
            // SIGINT = fast shutdown: aborts sessions, checkpoints, exits.
            await ProcessSignals.StopAsync(_process, ProcessSignals.SigInt, TimeSpan.FromSeconds(15)).ConfigureAwait(false);
        }

        if (options.EphemeralData && _dataDir is not null)
        {
            TryDelete(_dataDir);
            TryDelete(_dataDir + ".password");
        }
    }

    private static string FindBinDirectory()
    {
        var configured = Environment.GetEnvironmentVariable("POSTGRES_BIN_DIR");
        if (!string.IsNullOrEmpty(configured))
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
            : throw new InvalidOperationException("No PostgreSQL server binaries found under /usr/lib/postgresql (install the 'postgresql' package) and POSTGRES_BIN_DIR is not set.");
    }

    private static async Task<string> EnsurePasswordAsync(string path, CancellationToken ct)
    {
        if (File.Exists(path))
        {
            return (await File.ReadAllTextAsync(path, ct).ConfigureAwait(false)).Trim();
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        await File.WriteAllTextAsync(path, password, ct).ConfigureAwait(false);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return password;
    }

    private async Task InitDbAsync(string binDir, OsUser? runAs, CancellationToken ct)
    {
        Directory.CreateDirectory(_dataDir!);
        var pwFile = Path.Combine(Path.GetTempPath(), "instauploader-pw-" + Guid.NewGuid().ToString("n"));
        await File.WriteAllTextAsync(pwFile, resource.Password, ct).ConfigureAwait(false);
        try
        {
            if (runAs is not null)
            {
                runAs.Chown(_dataDir!);
                runAs.Chown(pwFile);
            }

            var initdb = Start(Path.Combine(binDir, "initdb"),
                ["-D", _dataDir!, "-U", resource.UserName, "--pwfile", pwFile, "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C.UTF-8"],
                runAs);
            await initdb.WaitForExitAsync(ct).ConfigureAwait(false);
            if (initdb.ExitCode != 0)
            {
                throw new InvalidOperationException($"initdb failed with exit code {initdb.ExitCode}; see the postgres log lines above.");
            }
        }
        finally
        {
            File.Delete(pwFile);
        }
    }

    /// <summary>A postmaster left running by a killed AppHost still holds the data directory: stop it first.</summary>
    private void StopStalePostmaster(string dataDir)
    {
        var pidFile = Path.Combine(dataDir, "postmaster.pid");
        if (!File.Exists(pidFile)
            || !int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var pid)
            || !ProcessSignals.IsAlive(pid))
        {
            return;
        }

        Line($"stopping a postmaster left over from an earlier run (pid {pid})");
        ProcessSignals.Send(pid, ProcessSignals.SigInt);
        for (var i = 0; i < 150 && ProcessSignals.IsAlive(pid); i++)
        {
            Thread.Sleep(100);
        }
    }

    private Process Start(string fileName, IEnumerable<string> args, OsUser? runAs) =>
        runAs is null
            ? ChildProcess.Start(fileName, args, Line)
            // setpriv execs in place (unlike su/runuser), so signals reach the server itself.
            : ChildProcess.Start("setpriv", [$"--reuid={runAs.Uid}", $"--regid={runAs.Gid}", "--init-groups", "--", fileName, .. args], Line,
                psi => psi.Environment["HOME"] = runAs.Home);

    private async Task WaitUntilReadyAsync(CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                await using var conn = new NpgsqlConnection(await resource.GetConnectionStringAsync(ct).ConfigureAwait(false) + ";Database=postgres;Timeout=3");
                await conn.OpenAsync(ct).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException && DateTime.UtcNow < deadline)
            {
                if (_process is { HasExited: true })
                {
                    throw new InvalidOperationException("postgres exited during start; see its log lines above.", ex);
                }

                await Task.Delay(200, ct).ConfigureAwait(false);
            }
        }
    }

    private async Task CreateDatabaseAsync(string name, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(await resource.GetConnectionStringAsync(ct).ConfigureAwait(false) + ";Database=postgres");
        await conn.OpenAsync(ct).ConfigureAwait(false);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @n", conn);
        exists.Parameters.AddWithValue("n", name);
        if (await exists.ExecuteScalarAsync(ct).ConfigureAwait(false) is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", conn);
            await create.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
    }

    private void Line(string text)
    {
        logs.Add(text);
        echo($"[{resource.Name}] {text}");
    }

    private static void TryDelete(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
            else if (File.Exists(path))
            {
                File.Delete(path);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>An OS account read from /etc/passwd.</summary>
internal sealed record OsUser(string Name, int Uid, int Gid, string Home)
{
    public static OsUser? Find(string name)
    {
        if (!File.Exists("/etc/passwd"))
        {
            return null;
        }

        var fields = File.ReadLines("/etc/passwd").Select(l => l.Split(':')).FirstOrDefault(f => f.Length >= 7 && f[0] == name);
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
