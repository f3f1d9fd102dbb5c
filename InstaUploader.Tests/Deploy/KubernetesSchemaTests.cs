using System.Diagnostics;
using InstaUploader.Tests.Infrastructure;

namespace InstaUploader.Tests.Deploy;

/// <summary>
/// The rendered objects of the base and of every overlay pass the schemas vendored in deploy/kubernetes/schemas
/// (KEDA, CloudNativePG and External Secrets CRDs; Kubernetes' pod template and Job types), strictly and offline.
/// </summary>
public sealed class KubernetesSchemaTests
{
    [Theory]
    [InlineData("base")]
    [InlineData("overlays/staging")]
    [InlineData("overlays/production")]
    public async Task The_rendered_objects_pass_the_kubernetes_keda_and_cnpg_schemas(string directory)
    {
        var rendered = await RunAsync("kubectl", ["kustomize", Path.Combine(Deploy, directory)], stdin: null);
        Assert.True(rendered.ExitCode == 0, rendered.Output);

        var validated = await ValidateAsync(rendered.Output);

        Assert.True(validated.ExitCode == 0, validated.Output);
        Assert.Matches(@"[1-9]\d* objects validated, 0 errors", validated.Output);
    }

    [Fact]
    public async Task A_misspelt_field_fails_the_validation()
    {
        var rendered = (await RunAsync("kubectl", ["kustomize", Path.Combine(Deploy, "overlays/production")], stdin: null)).Output;
        var broken = rendered.Replace("  instances: ", "  instancez: ", StringComparison.Ordinal)
            .Replace("readOnlyRootFilesystem", "readOnlyRootFileSystem", StringComparison.Ordinal);

        var validated = await ValidateAsync(broken);

        Assert.Equal(1, validated.ExitCode);
        Assert.Contains("Cluster postgres: spec: Additional properties are not allowed ('instancez' was unexpected)", validated.Output, StringComparison.Ordinal);
        Assert.Contains("Deployment worker: spec.containers.0.securityContext", validated.Output, StringComparison.Ordinal);
    }

    private static string Deploy => Path.Combine(AppHostTesting.RepositoryRoot(), "deploy", "kubernetes");

    private static Task<(int ExitCode, string Output)> ValidateAsync(string yaml) =>
        RunAsync("python3", [Path.Combine(Deploy, "schemas", "validate.py")], yaml);

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, string[] args, string? stdin)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = stdin is not null };
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }

        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await errors);
    }
}
