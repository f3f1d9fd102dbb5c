using System.Diagnostics;
using System.Net.Http.Headers;

namespace InstaUploader.Tests.Cluster;

/// <summary>
/// Runs scripts/cluster-demo.sh (the same script a person runs) in a state directory of its own, and tears the
/// cluster down on dispose whatever happened.
/// </summary>
public sealed class ClusterHarness : IAsyncDisposable
{
    private readonly string _script;
    private readonly string _state = Path.Combine(Path.GetTempPath(), $"iu-cluster-{Guid.NewGuid():n}"[..20]);

    private readonly Action<string> _log;

    private ClusterHarness(string script, Action<string> log) => (_script, _log) = (script, log);

    public IReadOnlyDictionary<string, string> Env { get; private set; } = new Dictionary<string, string>();

    public Uri Web1 => new(Env["WEB1"]);
    public Uri Web2 => new(Env["WEB2"]);
    public Uri Sandbox => new(Env["SANDBOX"]);

    public static async Task<ClusterHarness> UpAsync(Action<string> log)
    {
        var harness = new ClusterHarness(FindScript(), log);
        try
        {
            var output = await harness.RunAsync(TimeSpan.FromMinutes(3), "up");
            log(output);
            harness.Env = File.ReadLines(Path.Combine(harness._state, "env"))
                .Select(l => l.Split('=', 2))
                .ToDictionary(kv => kv[0], kv => kv[1]);
            return harness;
        }
        catch
        {
            await harness.DisposeAsync();
            throw;
        }
    }

    public HttpClient Operator(Uri web)
    {
        var http = new HttpClient { BaseAddress = web, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Env["OPERATOR_API_TOKEN"]);
        return http;
    }

    public HttpClient SandboxClient() => new() { BaseAddress = Sandbox, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Cuts a host's link on the bridge (ip link set … down).</summary>
    public Task CutAsync(string host) => RunAsync(TimeSpan.FromSeconds(20), "cut", host);

    /// <summary>SIGKILLs a host's service.</summary>
    public Task KillAsync(string host) => RunAsync(TimeSpan.FromSeconds(20), "kill", host);

    public string Log(string host)
    {
        var path = Path.Combine(_state, host + ".log");
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return new StreamReader(stream).ReadToEnd();
    }

    public async ValueTask DisposeAsync()
    {
        // Never throws: a failed tear-down must not hide why the test failed (it is reported in the output instead).
        try
        {
            await RunAsync(TimeSpan.FromMinutes(1), "down");
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            _log("tear-down: " + ex.Message);
        }

        if (Environment.GetEnvironmentVariable("IU_CLUSTER_KEEP") is { Length: > 0 })
        {
            _log($"logs kept in {_state}");
            return;
        }

        try
        {
            Directory.Delete(_state, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _log($"could not delete {_state}: {ex.Message}");
        }
    }

    private async Task<string> RunAsync(TimeSpan timeout, params string[] args)
    {
        var start = new ProcessStartInfo("bash", [_script, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["IU_CLUSTER_DIR"] = _state;
        start.Environment["CONFIGURATION"] = Configuration;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"cluster-demo.sh {string.Join(' ', args)} took longer than {timeout}: {await stderr}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"cluster-demo.sh {string.Join(' ', args)} exited {process.ExitCode}: {await stdout}\n{await stderr}");
        }

        return await stdout;
    }

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private static string FindScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var script = Path.Combine(dir.FullName, "scripts", "cluster-demo.sh");
            if (File.Exists(script))
            {
                return script;
            }
        }

        throw new FileNotFoundException("scripts/cluster-demo.sh not found above " + AppContext.BaseDirectory);
    }
}
