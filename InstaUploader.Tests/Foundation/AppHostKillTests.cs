using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.Orchestration;

namespace InstaUploader.Tests.Foundation;

/// <summary>
/// The real AppHost binary as its own OS process, killed with SIGKILL: nothing it started may outlive it
/// (the postmaster, which has no parent watch of its own, included) and a throwaway cluster's data goes too.
/// </summary>
public sealed class AppHostKillTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan CleanupBound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Killing_the_AppHost_hard_stops_postgres_and_the_services_and_deletes_throwaway_data()
    {
        var workDir = Directory.CreateTempSubdirectory("instauploader-apphost-kill-").FullName;
        var dashboardPort = PortAllocator.GetFreePort();
        var output = new ConcurrentQueue<string>();
        using var appHost = StartAppHost(workDir, dashboardPort, output);
        var started = new List<int>();
        string? dataDir = null;
        try
        {
            var (postgresPid, webPid) = await WaitForPostgresAndWebAsync(appHost, dashboardPort, output);
            started.AddRange([postgresPid, webPid]);
            dataDir = DataDirectoryOf(postgresPid);
            Assert.True(Directory.Exists(dataDir), $"postmaster data directory {dataDir} should exist while it runs");

            appHost.Kill();
            await appHost.WaitForExitAsync();

            var gone = await EventuallyAsync(() => !started.Any(IsRunning) && !Directory.Exists(dataDir));
            Assert.True(gone,
                $"after the AppHost was killed: postgres running={IsRunning(postgresPid)}, web running={IsRunning(webPid)}, " +
                $"data directory exists={Directory.Exists(dataDir)}\n{Tail(output)}");
        }
        finally
        {
            if (!appHost.HasExited)
            {
                appHost.Kill(entireProcessTree: true);
            }

            foreach (var pid in started.Where(IsRunning))
            {
                KillQuietly(pid);
            }

            DeleteQuietly(workDir);
            if (dataDir is not null)
            {
                DeleteQuietly(dataDir);
                File.Delete(dataDir + ".password");
            }
        }
    }

    private static Process StartAppHost(string workDir, int dashboardPort, ConcurrentQueue<string> output)
    {
        var assembly = ProjectLocator.FindAssembly(new Projects.InstaUploader_AppHost().ProjectPath);
        return ChildProcess.Start(
            "dotnet",
            [
                assembly, "--workers", "0", "--sandbox", "false",
                "--AppHost:RandomizePorts=true", "--AppHost:EphemeralData=true",
                $"--AppHost:DashboardPort={dashboardPort.ToString(CultureInfo.InvariantCulture)}",
            ],
            line => Keep(output, line),
            psi => psi.WorkingDirectory = workDir);
    }

    /// <summary>Polls the AppHost's dashboard until Postgres runs and the Web is healthy; returns their pids.</summary>
    private static async Task<(int Postgres, int Web)> WaitForPostgresAndWebAsync(Process appHost, int dashboardPort, ConcurrentQueue<string> output)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{dashboardPort}"), Timeout = TimeSpan.FromSeconds(5) };
        using var cts = new CancellationTokenSource(StartTimeout);
        while (true)
        {
            Assert.False(appHost.HasExited, $"the AppHost exited with code {(appHost.HasExited ? appHost.ExitCode : 0)}\n{Tail(output)}");
            Assert.False(cts.IsCancellationRequested, $"Postgres and the Web were not up within {StartTimeout}\n{Tail(output)}");
            try
            {
                var resources = await http.GetFromJsonAsync<JsonElement>(new Uri("/api/resources", UriKind.Relative), cts.Token);
                if (HealthyPid(resources, "postgres") is { } postgres && HealthyPid(resources, "web") is { } web)
                {
                    return (postgres, web);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // The dashboard is not listening yet.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), CancellationToken.None);
        }
    }

    private static int? HealthyPid(JsonElement resources, string name) =>
        resources.EnumerateArray()
            .Where(r => r.GetProperty("resource").GetString() == name && r.GetProperty("health").GetString() == "Healthy")
            .Select(r => r.GetProperty("pid"))
            .Where(pid => pid.ValueKind == JsonValueKind.Number)
            .Select(pid => (int?)pid.GetInt32())
            .FirstOrDefault();

    private static string DataDirectoryOf(int postmasterPid)
    {
        var args = File.ReadAllText($"/proc/{postmasterPid}/cmdline").Split('\0');
        var at = Array.IndexOf(args, "-D");
        Assert.True(at >= 0 && at + 1 < args.Length, $"no -D in the postmaster's command line: {string.Join(' ', args)}");
        return args[at + 1];
    }

    private static async Task<bool> EventuallyAsync(Func<bool> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed > CleanupBound)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }

        return true;
    }

    /// <summary>Running = exists and is not a zombie (an orphan's exit is only reaped when its new parent gets to it).</summary>
    private static bool IsRunning(int pid)
    {
        try
        {
            return !File.ReadLines($"/proc/{pid}/status").Any(l => l.StartsWith("State:", StringComparison.Ordinal) && l.Contains('Z', StringComparison.Ordinal));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static void KillQuietly(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
        }
    }

    private static void DeleteQuietly(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static void Keep(ConcurrentQueue<string> output, string line)
    {
        output.Enqueue(line);
        while (output.Count > 200 && output.TryDequeue(out _))
        {
        }
    }

    private static string Tail(ConcurrentQueue<string> output) => string.Join('\n', output);
}
