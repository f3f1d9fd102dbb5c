using System.Runtime.InteropServices;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Dashboard;
using Aspire.Hosting.Orchestration;

namespace Aspire.Hosting;

/// <summary>The composed application: starts every resource, reports their states, stops them all.</summary>
public sealed class DistributedApplication : IAsyncDisposable
{
    private readonly Orchestrator _orchestrator;
    private readonly DistributedApplicationBuilder _builder;
    private DashboardServer? _dashboard;
    private int _stopped;

    internal DistributedApplication(DistributedApplicationBuilder builder)
    {
        _builder = builder;
        _orchestrator = new Orchestrator(builder, ResourceNotifications, TimeProvider.System);
    }

    public static IDistributedApplicationBuilder CreateBuilder(string[] args) => new DistributedApplicationBuilder(args);

    public ResourceNotificationService ResourceNotifications { get; } = new();

    /// <summary>Printed under the resource table once everything is healthy (e.g. where to sign in).</summary>
    public string? AfterStartedMessage { get; set; }

    public DistributedApplicationExecutionOptions ExecutionOptions => _builder.ExecutionOptions;

    public IReadOnlyList<IResource> Resources => [.. _builder.Resources];

    /// <summary>Every process this run started that is still alive (replicas and the embedded Postgres).</summary>
    public IReadOnlyList<int> ProcessIds => _orchestrator.ProcessIds;

    public IReadOnlyList<string> GetLogs(string resource, int replica = -1) =>
        _orchestrator.Logs.TryGetValue(Orchestrator.LogKey(resource, replica), out var buffer) ? buffer.Snapshot() : [];

    public T GetResource<T>(string name) where T : IResource =>
        _builder.Resources.OfType<T>().Single(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase));

    public Uri GetEndpoint(string resource, int replica = 0) => GetResource<ProjectResource>(resource).GetEndpoint(replica);

    /// <summary>Kills one replica's process tree; its supervisor restarts it with backoff.</summary>
    public void KillReplica(string resource, int replica) => _orchestrator.GetRunner(resource, replica).Kill();

    public async Task StartAsync(CancellationToken ct = default)
    {
        if (ExecutionOptions.DashboardPort is { } port)
        {
            _dashboard = new DashboardServer(port, this);
            await _dashboard.StartAsync(ct).ConfigureAwait(false);
        }

        await _orchestrator.StartAsync(ct).ConfigureAwait(false);
    }

    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        await _orchestrator.StopAsync().ConfigureAwait(false);
        if (_dashboard is not null)
        {
            await _dashboard.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Starts everything, prints the resource table once all is healthy, and runs until Ctrl+C or SIGTERM.</summary>
    public async Task RunAsync(CancellationToken ct = default)
    {
        using var shutdown = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle);
        var console = new ConsoleReporter(this);
        try
        {
            var started = DateTimeOffset.UtcNow;
            await StartAsync(shutdown.Token).ConfigureAwait(false);
            await WaitForAllHealthyAsync(shutdown.Token).ConfigureAwait(false);
            console.PrintTable(DateTimeOffset.UtcNow - started);
            if (AfterStartedMessage is not null)
            {
                Console.Out.WriteLine(AfterStartedMessage);
            }
            await Task.Delay(Timeout.Infinite, shutdown.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
        {
        }
        finally
        {
            Console.Out.WriteLine("Stopping all resources...");
            await StopAsync().ConfigureAwait(false);
            Console.Out.WriteLine("Stopped.");
        }

        void Handle(PosixSignalContext context)
        {
            context.Cancel = true;
            shutdown.Cancel();
        }
    }

    public void Run() => RunAsync().GetAwaiter().GetResult();

    public async Task WaitForAllHealthyAsync(CancellationToken ct)
    {
        foreach (var resource in _builder.Resources.Where(r => r is not ParameterResource))
        {
            await ResourceNotifications.WaitForResourceHealthyAsync(resource.Name, ct).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);
}
