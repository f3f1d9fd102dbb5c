using System.Collections.Concurrent;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace InstaUploader.Tests.Infrastructure;

/// <summary>The latest state of every resource and replica of an app, kept by watching its notifications.</summary>
public sealed class ResourceStates
{
    private readonly ConcurrentDictionary<string, ResourceEvent> _latest = new();

    public IReadOnlyCollection<ResourceEvent> All => [.. _latest.Values];

    public static ResourceStates Watch(DistributedApplication app)
    {
        var states = new ResourceStates();
        var notifications = app.Services.GetRequiredService<ResourceNotificationService>();
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in notifications.WatchAsync())
                {
                    states._latest[e.ResourceId] = e;
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
            }
        });
        return states;
    }
}
