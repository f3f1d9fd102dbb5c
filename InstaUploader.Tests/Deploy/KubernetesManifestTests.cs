using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using InstaUploader.Tests.Infrastructure;

namespace InstaUploader.Tests.Deploy;

/// <summary>
/// deploy/kubernetes describes what the AppHost describes: the manifest Aspire publishes from Program.cs and the
/// Kustomize files name the same resources, environment variables and ports, so neither drifts from the other.
/// </summary>
public sealed partial class KubernetesManifestTests
{
    /// <summary>Set by Aspire for its own wiring (telemetry, service discovery, endpoint variables), not by us.</summary>
    private static readonly Regex AspireOwned = AspireOwnedNames();

    [Fact]
    public async Task Every_service_env_variable_and_port_of_the_published_manifest_is_in_the_kubernetes_manifests()
    {
        var manifest = await PublishManifestAsync();
        var resources = manifest.GetProperty("resources");
        var missing = new List<string>();
        foreach (var name in new[] { "web", "worker" })
        {
            var resource = resources.GetProperty(name);
            var yaml = await File.ReadAllTextAsync(Path.Combine(AppHostTesting.RepositoryRoot(), "deploy", "kubernetes", "base", name + ".yaml"));
            Assert.Contains($"name: {name}", yaml, StringComparison.Ordinal);

            var declared = EnvNames().Matches(yaml).Select(m => m.Groups[1].Value).ToHashSet();
            missing.AddRange(resource.GetProperty("env").EnumerateObject()
                .Select(e => e.Name)
                .Where(e => !AspireOwned.IsMatch(e) && !declared.Contains(e))
                .Select(e => $"{name}: env {e}"));

            foreach (var binding in resource.GetProperty("bindings").EnumerateObject())
            {
                var port = binding.Value.TryGetProperty("targetPort", out var target) ? target : binding.Value.GetProperty("port");
                if (!yaml.Contains($"containerPort: {port.GetInt32()}", StringComparison.Ordinal))
                {
                    missing.Add($"{name}: port {binding.Name} {port.GetInt32()}");
                }
            }
        }

        Assert.True(missing.Count == 0, "In the Aspire manifest but not in deploy/kubernetes:\n" + string.Join('\n', missing));
        Assert.Equal("parameter.v0", resources.GetProperty("instauploader").GetProperty("type").GetString());
        Assert.True(resources.GetProperty("worker").GetProperty("replicas").GetInt32() >= 1);
    }

    [Fact]
    public async Task A_failed_publishing_step_exits_non_zero()
    {
        // A file where the output's directory should be: the manifest step cannot write and fails.
        var blocker = Path.Combine(Path.GetTempPath(), $"aspire-blocker-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(blocker, "");
        try
        {
            var (exitCode, log) = await RunPublisherAsync(Path.Combine(blocker, "sub", "aspire-manifest.json"));
            Assert.True(exitCode != 0, $"publishing into an unwritable path exited 0:\n{log}");
        }
        finally
        {
            File.Delete(blocker);
        }
    }

    private static async Task<JsonElement> PublishManifestAsync()
    {
        var output = Path.Combine(Path.GetTempPath(), $"aspire-manifest-{Guid.NewGuid():N}.json");
        var (exitCode, log) = await RunPublisherAsync(output);
        Assert.True(exitCode == 0 && File.Exists(output), $"publishing failed ({exitCode}):\n{log}");
        try
        {
            return JsonDocument.Parse(await File.ReadAllTextAsync(output)).RootElement.Clone();
        }
        finally
        {
            File.Delete(output);
        }
    }

    private static async Task<(int ExitCode, string Log)> RunPublisherAsync(string output)
    {
        var appHostDll = AppHostTesting.AppHostDll();
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { appHostDll, "--publisher", "manifest", "--output-path", output, "--sandbox", "false" })
        {
            psi.ArgumentList.Add(arg);
        }

        using var process = Process.Start(psi)!;
        var log = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await log + await errors);
    }

    [GeneratedRegex(@"^(OTEL_|services__|ASPNETCORE_FORWARDEDHEADERS_ENABLED$|HTTP_PORTS$|[A-Z]+_(HTTP|SCRAPER|IMAP)$)")]
    private static partial Regex AspireOwnedNames();

    [GeneratedRegex(@"name:\s*([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex EnvNames();
}
