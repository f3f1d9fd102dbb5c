namespace InstaUploader.Tests.Cluster;

/// <summary>
/// A fact that needs root and iproute2 (it builds network namespaces). Elsewhere it is reported as skipped, with
/// the reason, never passed.
/// </summary>
public sealed class ClusterFactAttribute : FactAttribute
{
    public ClusterFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "Needs Linux network namespaces.";
        }
        else if (Environment.UserName != "root" && !IsRoot())
        {
            Skip = "Needs root to create network namespaces (ip netns); run the suite as root (CI does).";
        }
        else if (!File.Exists("/usr/sbin/ip") && !File.Exists("/sbin/ip") && !File.Exists("/usr/bin/ip") && !File.Exists("/bin/ip"))
        {
            Skip = "Needs iproute2 (the ip command).";
        }
    }

    private static bool IsRoot() =>
        File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal))?.Split('\t', StringSplitOptions.RemoveEmptyEntries) is [_, "0", ..];
}
