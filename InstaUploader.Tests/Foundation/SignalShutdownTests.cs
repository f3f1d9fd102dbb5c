using System.Diagnostics;
using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using InstaUploader.Tests.Infrastructure;
using InstaUploader.Tests.Runners;
using Microsoft.Extensions.DependencyInjection;

namespace InstaUploader.Tests.Foundation;

/// <summary>
/// A service started as a real process ends within 10 s of SIGTERM or SIGINT (issue 24 item 6), also while it is
/// busy failing to reach the Web (the worker's registration and claim loops retrying against a dead address) and its
/// telemetry collector.
/// </summary>
public sealed class SignalShutdownTests
{
    private static readonly TimeSpan ExitBound = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData("InstaUploader.Worker", "TERM")]
    [InlineData("InstaUploader.Worker", "INT")]
    [InlineData("InstaUploader.Sandbox", "TERM")]
    public async Task A_service_process_exits_within_10_seconds_of_the_signal(string service, string signal)
    {
        var port = Tinyproxy.FreePort();
        var output = new ProcessTail();
        using var process = Start(service, port, output);
        await AssertExitsAfterSignalAsync(process, port, output, service, signal);
    }

    /// <summary>Waits for /alive, lets the service's loops run, signals it and asserts it is gone within <see cref="ExitBound"/>.</summary>
    internal static async Task AssertExitsAfterSignalAsync(Process process, int port, ProcessTail output, string service, string signal)
    {
        try
        {
            await WaitForHealthAsync(process, port, output);
            // Let the service's loops run (the worker's into the unreachable Web) at least once.
            await Task.Delay(TimeSpan.FromSeconds(2));

            using (var kill = Process.Start("kill", [$"-{signal}", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var bound = new CancellationTokenSource(ExitBound);
            var exited = await process.WaitForExitAsync(bound.Token).ContinueWith(t => t.IsCompletedSuccessfully, TaskScheduler.Default);
            Assert.True(exited, $"{service} was still running {ExitBound.TotalSeconds} s after SIG{signal}:\n{output.Last(40)}");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    /// <summary>The service's own build output, started with dotnet as the orchestrator would, its working directory the output.</summary>
    internal static ProcessStartInfo StartInfo(string service)
    {
        var testBin = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));
        var dll = Path.Combine(AppHostTesting.RepositoryRoot(), service, "bin", testBin.Parent!.Name, testBin.Name, service + ".dll");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(dll);
        return start;
    }

    private static Process Start(string service, int port, ProcessTail output)
    {
        var start = StartInfo(service);
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        // Nobody listens there: the worker keeps retrying its registration and claims.
        start.Environment["Worker__WebBaseUrl"] = $"http://127.0.0.1:{Tinyproxy.FreePort()}";
        start.Environment["Worker__WorkerToken"] = "signal-test-token-0123456789";
        start.Environment["Worker__WorkerId"] = "signal-test";
        ExportTelemetryToNobody(start);
        return output.Start(start);
    }

    /// <summary>
    /// Telemetry as Aspire sends it (OTLP with in-memory retry) to a collector that is gone, as the dashboard is once
    /// ./run.sh is stopped: the exporters' last flush must not hold the process past its bound.
    /// </summary>
    private static void ExportTelemetryToNobody(ProcessStartInfo start)
    {
        start.Environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{Tinyproxy.FreePort()}";
        start.Environment["OTEL_EXPORTER_OTLP_PROTOCOL"] = "grpc";
        start.Environment["OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"] = "in_memory";
        start.Environment["OTEL_BLRP_SCHEDULE_DELAY"] = "1000";
        start.Environment["OTEL_BSP_SCHEDULE_DELAY"] = "1000";
        start.Environment["OTEL_METRIC_EXPORT_INTERVAL"] = "1000";
    }

    internal static async Task WaitForHealthAsync(Process process, int port, ProcessTail output)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
        // Generous: on a machine shared with several builds the Web's first answer (its endpoints built) took over 60 s.
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            Assert.False(process.HasExited, $"the process exited on its own:\n{output}");
            Assert.True(DateTime.UtcNow < deadline, $"not listening within 120 s:\n{output}");
            try
            {
                using var response = await http.GetAsync(new Uri("/alive", UriKind.Relative));
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                await Task.Delay(300);
            }
        }
    }
}

/// <summary>
/// The Web as a real process (the control plane's database and settings, its own ports) ends within 10 s of SIGTERM or
/// SIGINT while its background loops (upkeep, LISTEN, monitors) hold database connections, and while the telemetry
/// collector the AppHost points it at does not answer (the tests run no dashboard).
/// </summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class WebSignalShutdownTests(ControlPlaneFixture fx)
{
    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task The_web_process_exits_within_10_seconds_of_the_signal(string signal)
    {
        const string service = "InstaUploader.Web";
        var web = fx.App.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ProjectResource>().Single(r => r.Name == "web");
        var start = SignalShutdownTests.StartInfo(service);
        // The environment the AppHost gives the Web (database, tokens, settings); the obsolete helper is the one-call way to read it.
#pragma warning disable CS0618
        var environment = await web.GetEnvironmentVariableValuesAsync();
#pragma warning restore CS0618
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var port = Tinyproxy.FreePort();
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment.Remove("HTTP_PORTS");
        start.Environment["Scraper__Port"] = Tinyproxy.FreePort().ToString(CultureInfo.InvariantCulture);
        start.Environment["Demo__Enabled"] = "false";
        var output = new ProcessTail();
        using var process = output.Start(start);
        await SignalShutdownTests.AssertExitsAfterSignalAsync(process, port, output, service, signal);
    }
}
