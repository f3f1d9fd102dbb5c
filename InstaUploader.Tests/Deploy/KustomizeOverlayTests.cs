using System.Diagnostics;
using InstaUploader.Tests.Infrastructure;

namespace InstaUploader.Tests.Deploy;

/// <summary>
/// Every overlay of deploy/kubernetes renders from a clean checkout (no ignored or generated file needed) and holds
/// what a platform engineer checks before applying it: pinned images from a registry, non-root read-only pods, TLS on
/// the Ingress, NetworkPolicies, PodDisruptionBudgets for both Deployments, a preStop hook, the collector's endpoint.
/// </summary>
public sealed class KustomizeOverlayTests
{
    [Theory]
    [InlineData("staging")]
    [InlineData("production")]
    public async Task The_overlay_renders_and_holds_the_platform_rules(string overlay)
    {
        var rendered = await KustomizeAsync(Path.Combine(AppHostTesting.RepositoryRoot(), "deploy", "kubernetes", "overlays", overlay));
        var documents = rendered.Split("\n---\n").ToList();

        var images = documents.SelectMany(d => d.Split('\n')).Where(l => l.TrimStart().StartsWith("image: ", StringComparison.Ordinal))
            .Select(l => l.Trim()["image: ".Length..]).ToList();
        Assert.NotEmpty(images);
        Assert.All(images, image => Assert.Matches(@"^registry\.example\.com/instauploader/[a-z]+:\d+\.\d+\.\d+$", image));

        var pods = documents.Where(d => d.Contains("\nkind: Deployment", StringComparison.Ordinal) || d.StartsWith("kind: Deployment", StringComparison.Ordinal)
            || d.Contains("kind: Job", StringComparison.Ordinal)).ToList();
        Assert.All(pods, pod =>
        {
            Assert.Contains("runAsNonRoot: true", pod, StringComparison.Ordinal);
            Assert.Contains("readOnlyRootFilesystem: true", pod, StringComparison.Ordinal);
            Assert.Contains("allowPrivilegeEscalation: false", pod, StringComparison.Ordinal);
        });
        Assert.All(pods.Where(p => p.Contains("name: web\n", StringComparison.Ordinal) || p.Contains("name: worker\n", StringComparison.Ordinal)), pod =>
        {
            Assert.Contains("preStop:", pod, StringComparison.Ordinal);
            Assert.Contains("OTEL_EXPORTER_OTLP_ENDPOINT", pod, StringComparison.Ordinal);
        });

        Assert.Contains(documents, d => d.Contains("kind: Ingress", StringComparison.Ordinal) && d.Contains("tls:", StringComparison.Ordinal) && d.Contains("cert-manager.io/cluster-issuer", StringComparison.Ordinal));
        Assert.True(documents.Count(d => d.Contains("kind: NetworkPolicy", StringComparison.Ordinal)) >= 4);
        Assert.Equal(2, documents.Count(d => d.Contains("kind: PodDisruptionBudget", StringComparison.Ordinal)));
        Assert.Contains(documents, d => d.Contains("kind: Pooler", StringComparison.Ordinal) && d.Contains("poolMode: transaction", StringComparison.Ordinal));
        Assert.Contains(documents, d => d.Contains("kind: ScheduledBackup", StringComparison.Ordinal));
        Assert.Contains(documents, d => d.Contains("kind: ExternalSecret", StringComparison.Ordinal));
        Assert.DoesNotContain(documents, d => d.Contains("kind: Secret\n", StringComparison.Ordinal));
    }

    private static async Task<string> KustomizeAsync(string directory)
    {
        var psi = new ProcessStartInfo("kubectl") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("kustomize");
        psi.ArgumentList.Add(directory);
        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"kubectl kustomize {directory} failed:\n{await errors}");
        return await output;
    }
}
