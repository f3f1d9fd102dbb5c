using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace InstaUploader.AppHost;

/// <summary>
/// A throwaway state directory (tests): deleted when the AppHost stops, and — if the AppHost was killed
/// before it could — by the next AppHost that starts.
/// </summary>
public static class EphemeralState
{
    private const string Prefix = "instauploader-state-";
    private const string OwnerFile = "apphost.pid";

    public static void Claim(IDistributedApplicationBuilder builder, string directory)
    {
        SweepAbandoned();
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, OwnerFile), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        builder.Eventing.Subscribe<AfterResourcesCreatedEvent>((e, _) =>
        {
            e.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopped.Register(() => TryDelete(directory));
            return Task.CompletedTask;
        });
    }

    private static void SweepAbandoned()
    {
        foreach (var dir in Directory.EnumerateDirectories(Path.GetTempPath(), Prefix + "*"))
        {
            var owner = Path.Combine(dir, OwnerFile);
            if (File.Exists(owner) && int.TryParse(File.ReadAllText(owner), out var pid) && !Postgres.PostgresCluster.IsAlive(pid))
            {
                TryDelete(dir);
            }
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }
}
