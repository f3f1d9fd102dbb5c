using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace InstaUploader.Sandbox.Dolphin;

/// <summary>
/// Launches and tracks one Chromium per running profile, exposing the DevTools protocol the way Dolphin Anty's
/// <c>start?automation=1</c> does. Every browser is killed when the Sandbox stops.
/// </summary>
public sealed class DolphinBrowsers(IOptions<SandboxOptions> options, ILogger<DolphinBrowsers> logger) : IHostedService, IDisposable
{
    // Without the background-networking switches Chromium keeps retrying Google services on this closed
    // network and stalls; --no-sandbox because the Sandbox often runs as root in a container.
    private static readonly string[] FixedArguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--no-default-browser-check",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--password-store=basic", "--use-mock-keychain", "--remote-debugging-port=0",
    ];

    private readonly ConcurrentDictionary<string, RunningBrowser> _running = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly HttpClient _devTools = new() { Timeout = TimeSpan.FromSeconds(2) };
    private readonly string _root = Path.Combine(Path.GetTempPath(), "insta-sandbox-dolphin", Guid.NewGuid().ToString("N"));

    public bool IsRunning(string profileId) => _running.TryGetValue(profileId, out var b) && !b.Process.HasExited;

    public int? ProcessId(string profileId) => _running.TryGetValue(profileId, out var b) ? b.Process.Id : null;

    /// <summary>Starts the profile's browser, or returns the endpoint of the one already running.</summary>
    public async Task<DevToolsEndpoint> StartAsync(DolphinProfile profile, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (_running.TryGetValue(profile.Id, out var existing))
            {
                if (!existing.Process.HasExited)
                {
                    return existing.Endpoint;
                }

                _running.TryRemove(profile.Id, out _);
                existing.Process.Dispose();
            }

            var browser = await LaunchAsync(profile, ct);
            _running[profile.Id] = browser;
            return browser.Endpoint;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Kills the profile's browser with its child processes; false when it was not running.</summary>
    public async Task<bool> StopAsync(string profileId)
    {
        await _gate.WaitAsync();
        try
        {
            if (!_running.TryRemove(profileId, out var browser))
            {
                return false;
            }

            await KillAsync(browser);
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<RunningBrowser> LaunchAsync(DolphinProfile profile, CancellationToken ct)
    {
        var o = options.Value;
        var userDataDir = Path.Combine(_root, profile.Id);
        Directory.CreateDirectory(userDataDir);
        var portFile = Path.Combine(userDataDir, "DevToolsActivePort");
        File.Delete(portFile);

        var psi = new ProcessStartInfo(o.ChromiumPath)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in FixedArguments)
        {
            psi.ArgumentList.Add(arg);
        }

        psi.ArgumentList.Add($"--user-data-dir={userDataDir}");
        if (o.Headless)
        {
            psi.ArgumentList.Add("--headless=new");
        }

        if (profile.Proxy is { } proxy)
        {
            psi.ArgumentList.Add($"--proxy-server={proxy.ToProxyServerArgument()}");
        }

        psi.ArgumentList.Add("about:blank");

        var process = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {o.ChromiumPath}.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        logger.LogInformation("Dolphin profile {ProfileId}: started Chromium pid {Pid}", profile.Id, process.Id);

        var browser = new RunningBrowser(process, userDataDir, default!);
        try
        {
            var endpoint = await WaitForDevToolsAsync(process, portFile, TimeSpan.FromSeconds(o.BrowserStartTimeoutSeconds), ct);
            return browser with { Endpoint = endpoint };
        }
        catch
        {
            await KillAsync(browser);
            throw;
        }
    }

    // Port 0 lets Chromium pick a free port itself (no race with other listeners); it writes the port to
    // DevToolsActivePort, and /json/version answering proves the endpoint is actually serving.
    private async Task<DevToolsEndpoint> WaitForDevToolsAsync(Process process, string portFile, TimeSpan timeout, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Chromium exited with code {process.ExitCode} before DevTools came up.");
            }

            if (cts.IsCancellationRequested)
            {
                ct.ThrowIfCancellationRequested();
                throw new TimeoutException($"Chromium's DevTools endpoint did not answer within {timeout.TotalSeconds:0} s.");
            }

            try
            {
                if (File.Exists(portFile)
                    && int.TryParse((await File.ReadAllLinesAsync(portFile, cts.Token)).FirstOrDefault(), out var port)
                    && port > 0)
                {
                    var version = await _devTools.GetFromJsonAsync<JsonVersion>($"http://127.0.0.1:{port}/json/version", cts.Token);
                    if (version?.WebSocketDebuggerUrl is { } ws)
                    {
                        return new DevToolsEndpoint(port, new Uri(ws).AbsolutePath);
                    }
                }
            }
            catch (Exception e) when (e is IOException or HttpRequestException or OperationCanceledException or System.Text.Json.JsonException)
            {
                // Not up yet; the checks at the top of the loop decide whether to keep waiting.
            }

            await Task.Delay(100, CancellationToken.None);
        }
    }

    private async Task KillAsync(RunningBrowser browser)
    {
        try
        {
            if (!browser.Process.HasExited)
            {
                browser.Process.Kill(entireProcessTree: true);
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await browser.Process.WaitForExitAsync(cts.Token);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException or System.ComponentModel.Win32Exception)
        {
            logger.LogWarning(e, "Could not kill Chromium pid {Pid}", browser.Process.Id);
        }
        finally
        {
            browser.Process.Dispose();
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var id in _running.Keys.ToList())
        {
            await StopAsync(id);
        }

        try
        {
            if (Directory.Exists(_root))
            {
                Directory.Delete(_root, recursive: true);
            }
        }
        catch (IOException)
        {
            // A dying Chromium may still hold a file; the temp dir is cleaned eventually anyway.
        }
    }

    public void Dispose()
    {
        foreach (var browser in _running.Values)
        {
            try
            {
                browser.Process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }

            browser.Process.Dispose();
        }

        _running.Clear();
        _devTools.Dispose();
        _gate.Dispose();
    }

    private sealed record RunningBrowser(Process Process, string UserDataDir, DevToolsEndpoint Endpoint);

    private sealed record JsonVersion([property: JsonPropertyName("webSocketDebuggerUrl")] string? WebSocketDebuggerUrl);
}

/// <summary>What <c>start?automation=1</c> returns: the DevTools port and the browser's websocket path.</summary>
public sealed record DevToolsEndpoint(int Port, string WsEndpoint);
