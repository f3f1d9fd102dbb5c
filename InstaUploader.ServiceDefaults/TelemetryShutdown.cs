using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Flushes the OTLP exporters within <see cref="Budget"/> once the host has stopped. Left to the service provider's
/// disposal, the last flush waits out the exporter's whole retry deadline (10 s for each of logs, traces and metrics)
/// when the collector is gone — as the dashboard is when ./run.sh is stopped, and always in the tests — because Aspire
/// turns on the exporter's in-memory retry (OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY), which sleeps between attempts:
/// the process then outlived its 10 s after SIGTERM. Exporting runs on background threads, so a flush given up on
/// holds nothing up.
/// </summary>
internal sealed class TelemetryShutdown(IServiceProvider services) : IHostedLifecycleService
{
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(1.5);

    public Task StoppedAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        int Left() => (int)Math.Max(0, (Budget - clock.Elapsed).TotalMilliseconds);

        // Logs first: the lines of the shutdown itself are the likeliest to be read.
        services.GetService<LoggerProvider>()?.Shutdown(Left());
        services.GetService<TracerProvider>()?.Shutdown(Left());
        services.GetService<MeterProvider>()?.Shutdown(Left());
        return Task.CompletedTask;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
