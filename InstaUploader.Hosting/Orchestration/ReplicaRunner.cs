using System.Diagnostics;
using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting.Orchestration;

/// <summary>
/// Runs one replica of a project: starts the process, polls its health endpoint, restarts it with
/// exponential backoff when it exits unexpectedly, and stops it gracefully (SIGTERM, then kill).
/// </summary>
internal sealed class ReplicaRunner(
    ProjectResource resource,
    int replica,
    Func<int, CancellationToken, Task<Dictionary<string, string>>> environmentFactory,
    ResourceNotificationService notifications,
    ResourceLogBuffer logs,
    Action<string> echo,
    TimeProvider time)
{
    private static readonly HttpClient HealthClient = new() { Timeout = TimeSpan.FromSeconds(2) };
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private readonly CancellationTokenSource _stopping = new();
    private Process? _process;
    private Task? _loop;
    private int _restarts;

    public int? ProcessId => _process is { HasExited: false } p ? p.Id : null;
    private string DisplayName => resource.Replicas > 1 ? $"{resource.Name}-{replica}" : resource.Name;

    public void Start() => _loop = Task.Run(() => RunLoopAsync(_stopping.Token));

    /// <summary>Kills the process without stopping supervision: the runner restarts it (tests use this).</summary>
    public void Kill() => _process?.Kill(entireProcessTree: true);

    public async Task StopAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        Publish(KnownResourceStates.Stopping, HealthStatus.Unknown);
        if (_process is { } p)
        {
            await ProcessSignals.StopAsync(p, ProcessSignals.SigTerm, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }

        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        Publish(KnownResourceStates.Finished, HealthStatus.Unknown);
    }

    private async Task RunLoopAsync(CancellationToken stopping)
    {
        var backoff = TimeSpan.FromSeconds(1);
        while (!stopping.IsCancellationRequested)
        {
            var startedAt = time.GetUtcNow();
            try
            {
                Publish(KnownResourceStates.Starting, HealthStatus.Unknown);
                var env = await environmentFactory(replica, stopping).ConfigureAwait(false);
                _process = StartProcess(env);
                Publish(KnownResourceStates.Running, HealthStatus.Unknown);
                await MonitorAsync(_process, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is FileNotFoundException or System.ComponentModel.Win32Exception or InvalidOperationException)
            {
                Line($"failed to start: {ex.Message}");
                Publish(KnownResourceStates.FailedToStart, HealthStatus.Unhealthy);
            }

            if (stopping.IsCancellationRequested)
            {
                return;
            }

            // A replica that ran for a while before dying starts over with a short backoff.
            if (time.GetUtcNow() - startedAt > TimeSpan.FromMinutes(1))
            {
                backoff = TimeSpan.FromSeconds(1);
            }

            _restarts++;
            Line($"exited unexpectedly (code {SafeExitCode()}); restarting in {backoff.TotalSeconds:0.#}s");
            try
            {
                await Task.Delay(backoff, time, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
        }
    }

    private Process StartProcess(Dictionary<string, string> env)
    {
        var assembly = ProjectLocator.FindAssembly(resource.ProjectPath);
        return ChildProcess.Start("dotnet", [assembly, .. resource.Args], Line, psi =>
        {
            psi.WorkingDirectory = Path.GetDirectoryName(resource.ProjectPath)!;
            foreach (var (key, value) in env)
            {
                psi.Environment[key] = value;
            }
        });
    }

    private async Task MonitorAsync(Process process, CancellationToken stopping)
    {
        var healthUrl = new Uri(resource.GetEndpoint(replica), resource.HealthPath);
        var health = HealthStatus.Unknown;
        var exited = process.WaitForExitAsync(CancellationToken.None);
        while (!exited.IsCompleted)
        {
            var next = await CheckHealthAsync(healthUrl, stopping).ConfigureAwait(false);
            if (next != health)
            {
                health = next;
                Publish(KnownResourceStates.Running, health);
            }

            var interval = health == HealthStatus.Healthy ? TimeSpan.FromSeconds(5) : TimeSpan.FromMilliseconds(250);
            await Task.WhenAny(exited, Task.Delay(interval, time, stopping)).ConfigureAwait(false);
            stopping.ThrowIfCancellationRequested();
        }

        Publish(KnownResourceStates.Exited, HealthStatus.Unhealthy);
    }

    private static async Task<HealthStatus> CheckHealthAsync(Uri url, CancellationToken ct)
    {
        try
        {
            using var response = await HealthClient.GetAsync(url, ct).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? HealthStatus.Healthy : HealthStatus.Unhealthy;
        }
        catch (HttpRequestException)
        {
            return HealthStatus.Unknown;
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return HealthStatus.Unhealthy;
        }
    }

    private string SafeExitCode()
    {
        try
        {
            return _process?.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?";
        }
        catch (InvalidOperationException)
        {
            return "?";
        }
    }

    private void Line(string text)
    {
        logs.Add(text);
        echo($"[{DisplayName}] {text}");
    }

    private void Publish(string state, HealthStatus health) =>
        notifications.PublishUpdate(new ResourceSnapshot(
            resource.Name, replica, state, health, ProcessId, resource.Ports.Count > replica ? resource.GetEndpoint(replica) : null,
            _restarts, time.GetUtcNow()));
}
