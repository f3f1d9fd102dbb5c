using System.Diagnostics;
using System.Globalization;
using InstaUploader.Tests.Infrastructure;
using InstaUploader.Tests.Runners;

namespace InstaUploader.Tests.Foundation;

/// <summary>
/// The real AppHost binary as its own OS process, killed with SIGKILL: nothing it started may outlive it,
/// the postmaster (which has no parent watch of its own) included.
/// </summary>
public sealed class AppHostKillTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan CleanupBound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Killing_the_AppHost_hard_stops_postgres_and_the_services()
    {
        var webPort = Tinyproxy.FreePort();
        var output = new ProcessTail();
        using var appHost = StartAppHost(webPort, output);
        var started = new List<int>();
        try
        {
            await WaitForHealthyWebAsync(appHost, webPort, output);
            var stateDir = StateDirectoryOf(appHost.Id);
            started.AddRange(ProcessesOfRun(stateDir));
            Assert.Contains(started, pid => LocalProcesses.CommandLine(pid).Contains("/bin/postgres", StringComparison.Ordinal));
            Assert.Contains(started, pid => LocalProcesses.CommandLine(pid).Contains("InstaUploader.Web", StringComparison.Ordinal));

            appHost.Kill();
            await appHost.WaitForExitAsync();

            var gone = await EventuallyAsync(() => !started.Any(LocalProcesses.IsAlive));
            Assert.True(gone, "still running after the AppHost was killed: " +
                string.Join(", ", started.Where(LocalProcesses.IsAlive).Select(p => $"{p} {LocalProcesses.CommandLine(p)}")) + "\n" + output);
        }
        finally
        {
            if (!appHost.HasExited)
            {
                appHost.Kill(entireProcessTree: true);
            }

            foreach (var pid in started.Where(LocalProcesses.IsAlive))
            {
                try
                {
                    using var p = Process.GetProcessById(pid);
                    p.Kill();
                }
                catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
                {
                }
            }
        }
    }

    private static Process StartAppHost(int webPort, ProcessTail output)
    {
        var appHostDll = AppHostTesting.AppHostDll();
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(appHostDll)!,
        };
        foreach (var arg in new[]
                 {
                     appHostDll, "--workers", "0", "--sandbox", "false", "--ephemeral-data", "true",
                     "--web-port", webPort.ToString(CultureInfo.InvariantCulture), "--scraper-port", Tinyproxy.FreePort().ToString(CultureInfo.InvariantCulture),
                 })
        {
            psi.ArgumentList.Add(arg);
        }

        psi.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{Tinyproxy.FreePort()}";
        psi.Environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://127.0.0.1:{Tinyproxy.FreePort()}";
        psi.Environment["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = $"http://127.0.0.1:{Tinyproxy.FreePort()}";
        psi.Environment["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true";
        psi.Environment["DOTNET_ENVIRONMENT"] = "Development";
        return output.Start(psi);
    }

    private static async Task WaitForHealthyWebAsync(Process appHost, int webPort, ProcessTail output)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://localhost:{webPort}"), Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(appHost.HasExited, $"the AppHost exited\n{output}");
            Assert.True(clock.Elapsed < StartTimeout, $"the Web was not healthy within {StartTimeout}\n{output}");
            try
            {
                using var health = await http.GetAsync(new Uri("/health", UriKind.Relative));
                if (health.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(500);
        }
    }

    /// <summary>The throwaway state directory the AppHost claimed (it writes its pid there).</summary>
    private static string StateDirectoryOf(int appHostPid) =>
        Directory.EnumerateDirectories(Path.GetTempPath(), "instauploader-state-*")
            .Single(d => File.Exists(Path.Combine(d, "apphost.pid")) && File.ReadAllText(Path.Combine(d, "apphost.pid")).Trim() == appHostPid.ToString(CultureInfo.InvariantCulture));

    /// <summary>Processes of this run: the postmaster names the state directory in its command line, the Web in its environment.</summary>
    private static List<int> ProcessesOfRun(string stateDir) =>
        [.. Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0)
            .Where(pid => pid > 0 && (LocalProcesses.CommandLine(pid).Contains(stateDir, StringComparison.Ordinal) || Read($"/proc/{pid}/environ").Contains(stateDir, StringComparison.Ordinal)))];


    private static string Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    private static async Task<bool> EventuallyAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > CleanupBound)
            {
                return false;
            }

            await Task.Delay(200);
        }

        return true;
    }
}
