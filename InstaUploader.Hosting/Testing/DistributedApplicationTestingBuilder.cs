using System.Reflection;
using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting.Testing;

/// <summary>
/// Runs an AppHost's own Program up to Build() and hands back its builder, configured for tests: free ports,
/// a throwaway Postgres cluster, no dashboard, logs kept in memory. Mirrors Aspire.Hosting.Testing.
/// </summary>
public static class DistributedApplicationTestingBuilder
{
    public static async Task<IDistributedApplicationTestingBuilder> CreateAsync<TEntryPoint>(string[] args, CancellationToken ct = default)
        where TEntryPoint : IProjectMetadata, new()
    {
        var assemblyName = Path.GetFileNameWithoutExtension(new TEntryPoint().ProjectPath);
        var entryPoint = Assembly.Load(assemblyName).EntryPoint
                         ?? throw new InvalidOperationException($"{assemblyName} has no entry point.");
        string[] testArgs =
        [
            .. args,
            "--AppHost:RandomizePorts=true",
            "--AppHost:EphemeralData=true",
            "--AppHost:DashboardPort=0",
            "--AppHost:EchoResourceLogs=false",
        ];

        var captured = DistributedApplicationTestingHook.Arm();
        var run = Task.Run(() =>
        {
            try
            {
                var result = entryPoint.Invoke(null, entryPoint.GetParameters().Length == 0 ? null : [testArgs]);
                if (result is Task task)
                {
                    task.GetAwaiter().GetResult();
                }
            }
            catch (TargetInvocationException ex) when (ex.InnerException is DistributedApplicationTestingHook.CapturedException)
            {
            }
        }, ct);

        await Task.WhenAny(captured.Task, run).ConfigureAwait(false);
        if (!captured.Task.IsCompleted)
        {
            await run.ConfigureAwait(false);
            throw new InvalidOperationException($"{assemblyName} returned without calling Build() on its builder.");
        }

        return new TestingBuilder(await captured.Task.ConfigureAwait(false));
    }

    private sealed class TestingBuilder(DistributedApplicationBuilder inner) : IDistributedApplicationTestingBuilder
    {
        public IDistributedApplicationBuilder Builder => inner;

        public Task<DistributedApplication> BuildAsync(CancellationToken ct = default) =>
            Task.FromResult(new DistributedApplication(inner));
    }
}

public interface IDistributedApplicationTestingBuilder
{
    IDistributedApplicationBuilder Builder { get; }
    Task<DistributedApplication> BuildAsync(CancellationToken ct = default);
}
