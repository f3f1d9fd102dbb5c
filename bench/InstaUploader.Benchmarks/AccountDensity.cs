using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using InstaUploader.Instagram.Mobile;
using InstaUploader.Instagram.Web;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

/// <summary>
/// Cost per account on one worker (issue 29, item 4). This process plays the worker: it wires the worker's own
/// Instagram services (<see cref="WebAutomationServiceCollectionExtensions.AddInstagramWebAutomation"/>: one Chromium
/// launched from <see cref="BrowserOptions.ExecutablePath"/>, one context per account, the non-Dolphin path; and
/// <see cref="MobileClientRegistration.AddInstagramMobileClient"/>) against a Sandbox in a process of its own, so the
/// Sandbox's memory is not counted. N accounts run at once: log in, then <c>rounds</c> steps each (browser: scroll the
/// feed and like a post; mobile: timeline and reels tray), with the human pacing off, so a step is the machine's own
/// cost. Memory is the peak, sampled every 100 ms while the accounts work, of the proportional set size (PSS: a page
/// shared by k processes counts 1/k) of this process plus its children outside the Sandbox (Playwright's driver and
/// the Chromium processes); base and per-account cost are the least-squares line through the N levels.
/// </summary>
internal static class AccountDensity
{
    /// <param name="CpuMsPerStep">CPU of this process and its children (not the Sandbox) over the level, per step.</param>
    public sealed record Level(int Accounts, double PeakMiB, List<double> StepMs, double CpuMsPerStep, string LoadAverage);

    public sealed record Result(string Kind, List<Level> Levels)
    {
        public (double BaseMiB, double PerAccountMiB) Fit()
        {
            var xs = Levels.Select(l => (double)l.Accounts).ToArray();
            var ys = Levels.Select(l => l.PeakMiB).ToArray();
            var mx = xs.Average();
            var my = ys.Average();
            var slope = xs.Zip(ys).Sum(p => (p.First - mx) * (p.Second - my)) / Math.Max(1e-9, xs.Sum(x => (x - mx) * (x - mx)));
            return (my - slope * mx, slope);
        }
    }

    public static async Task<(Result Browser, Result Mobile)> MeasureAsync(int[] accountCounts, int rounds)
    {
        using var sandbox = SandboxProcess.Start();
        using var http = new HttpClient { BaseAddress = sandbox.BaseUrl };
        await sandbox.WaitReadyAsync(http);

        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Instagram:WebBaseUrl"] = sandbox.BaseUrl.ToString(),
            ["Instagram:ApiBaseUrl"] = sandbox.BaseUrl.ToString(),
            ["Instagram:MinActionDelayMs"] = "0",
            ["Instagram:MaxActionDelayMs"] = "0",
            ["Dolphin:ApiHost"] = sandbox.BaseUrl.ToString(),
            ["Browser:ExecutablePath"] = "/usr/bin/chromium",
            ["Browser:Headless"] = "true",
            // Steps on a machine shared with other builds can take tens of seconds: the density is measured, not timed out.
            ["Browser:TimeoutMs"] = "180000",
        }).Build();
        await using var services = new ServiceCollection()
            .AddLogging(logging => logging.AddConsole().SetMinimumLevel(LogLevel.Warning))
            .AddSingleton<IConfiguration>(config)
            .AddInstagramWebAutomation()
            .AddInstagramMobileClient().Services
            .BuildServiceProvider();

        // Mobile first, before Chromium is launched, so its base holds no browser. One account, not counted, first:
        // the first calls pay the JIT.
        await RunLevelAsync(http, sandbox.ProcessId, 1, rounds, "w", (username, steps) => MobileAccountAsync(services, username, rounds, steps));
        var mobileLevels = new List<Level>();
        foreach (var n in accountCounts)
        {
            mobileLevels.Add(await RunLevelAsync(http, sandbox.ProcessId, n, rounds, "m", (username, steps) => MobileAccountAsync(services, username, rounds, steps)));
            Console.WriteLine($"  mobile, {n} accounts: peak {mobileLevels[^1].PeakMiB:0} MiB, p95 step {Bench.Percentile(mobileLevels[^1].StepMs, 95):0} ms");
        }

        var browsers = services.GetRequiredService<BrowserSessionFactory>();
        await browsers.WarmUpAsync();
        var browserLevels = new List<Level>();
        foreach (var n in accountCounts)
        {
            browserLevels.Add(await RunLevelAsync(http, sandbox.ProcessId, n, rounds, "b", (username, steps) => BrowserAccountAsync(services, username, rounds, steps)));
            Console.WriteLine($"  browser, {n} accounts: peak {browserLevels[^1].PeakMiB:0} MiB, p95 step {Bench.Percentile(browserLevels[^1].StepMs, 95):0} ms");
        }

        return (new Result("browser", browserLevels), new Result("mobile", mobileLevels));
    }

    private static async Task<Level> RunLevelAsync(
        HttpClient sandbox, int sandboxPid, int accounts, int rounds, string prefix, Func<string, List<double>, Task> account)
    {
        var usernames = Enumerable.Range(0, accounts).Select(i => $"dens{prefix}{accounts}_{i}_{Guid.NewGuid():N}"[..20]).ToList();
        foreach (var username in usernames)
        {
            using var created = await sandbox.PostAsJsonAsync("sandbox/api/accounts", new { username, password = Password });
            created.EnsureSuccessStatusCode();
        }

        var steps = usernames.Select(_ => new List<double>(rounds + 1)).ToList();
        var cpuBefore = ProcessTree.CpuSeconds(Environment.ProcessId, exclude: sandboxPid);
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            var peak = 0.0;
            while (!stop.IsCancellationRequested)
            {
                peak = Math.Max(peak, ProcessTree.PssMiB(Environment.ProcessId, exclude: sandboxPid));
                await Task.Delay(100, CancellationToken.None);
            }

            return peak;
        });
        await Task.WhenAll(usernames.Select((u, i) => Task.Run(() => account(u, steps[i]))));
        stop.Cancel();
        var cpu = ProcessTree.CpuSeconds(Environment.ProcessId, exclude: sandboxPid) - cpuBefore;
        var peak = await sampler;
        var load = File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
        List<double> all = [.. steps.SelectMany(s => s)];
        return new Level(accounts, peak, all, cpu * 1000 / Math.Max(1, all.Count), load);
    }

    private const string Password = "density-pass";

    private static async Task BrowserAccountAsync(IServiceProvider services, string username, int rounds, List<double> steps)
    {
        var browsers = services.GetRequiredService<BrowserSessionFactory>();
        var web = services.GetRequiredService<InstagramWebAutomation>();
        var feed = services.GetRequiredService<WebFeedActions>();
        await using var session = await browsers.OpenAsync(new BrowserIdentity(username));
        await TimedAsync(steps, () => web.LoginAsync(session.Page, new WebCredentials(username, Password)));
        for (var round = 0; round < rounds; round++)
        {
            await TimedAsync(steps, async () =>
            {
                await feed.ScrollFeedAsync(session.Page, scrolls: 1);
                await feed.LikePostsAsync(session.Page, count: 1);
            });
        }
    }

    private static async Task MobileAccountAsync(IServiceProvider services, string username, int rounds, List<double> steps)
    {
        var mobile = services.GetRequiredService<InstagramMobileClient>();
        MobileSession? session = null;
        await TimedAsync(steps, async () => session = await mobile.LoginAsync(new MobileCredentials(username, Password)));
        for (var round = 0; round < rounds; round++)
        {
            await TimedAsync(steps, async () =>
            {
                await mobile.GetTimelineAsync(session!);
                await mobile.GetReelsTrayAsync(session!);
            });
        }
    }

    private static async Task TimedAsync(List<double> steps, Func<Task> step)
    {
        var started = Stopwatch.GetTimestamp();
        await step();
        steps.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>The Sandbox as its own process (its built dll beside the AppHost's), on a free loopback port.</summary>
    private sealed class SandboxProcess : IDisposable
    {
        private readonly Process _process;

        private SandboxProcess(Process process, Uri baseUrl)
        {
            _process = process;
            BaseUrl = baseUrl;
        }

        public Uri BaseUrl { get; }
        public int ProcessId => _process.Id;

        public static SandboxProcess Start()
        {
            var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
            var projectDir = Path.GetDirectoryName(new Projects.InstaUploader_Sandbox().ProjectPath)!;
            var dll = Path.Combine(projectDir, "bin", configuration, "net10.0", "InstaUploader.Sandbox.dll");
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var url = $"http://127.0.0.1:{port}";
            var start = new ProcessStartInfo("dotnet", [dll, "--urls", url, "--Sandbox:Headless=true", "--Logging:LogLevel:Default=Warning"])
            {
                WorkingDirectory = projectDir,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            var process = Process.Start(start)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return new SandboxProcess(process, new Uri(url + "/"));
        }

        public async Task WaitReadyAsync(HttpClient http)
        {
            for (var attempt = 0; attempt < 600; attempt++)
            {
                try
                {
                    using var alive = await http.GetAsync("alive");
                    if (alive.IsSuccessStatusCode)
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                }

                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"The Sandbox exited with {_process.ExitCode}.");
                }

                await Task.Delay(100);
            }

            throw new TimeoutException("The Sandbox did not answer /alive within 60 s.");
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }

            _process.Dispose();
        }
    }
}
