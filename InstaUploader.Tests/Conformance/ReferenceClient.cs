using System.Diagnostics;
using System.Text.Json;
using InstaUploader.Tests.Infrastructure;
using Xunit;

namespace InstaUploader.Tests.Conformance;

/// <summary>
/// Runs one conformance scenario (<c>scenario_*.py</c> beside this file): instagrapi, unmodified, against the Sandbox
/// through <c>conformance.py</c>, one reported step per line.
/// </summary>
public static class ReferenceClient
{
    public sealed record StepResult(string Step, bool Ok, string Detail);

    public static string Reference => Path.Combine(AppHostTesting.RepositoryRoot(), "..", "shared", "reference", "instagrapi");

    /// <summary>Runs <paramref name="scenario"/> and asserts it reported exactly <paramref name="steps"/>, each passed.</summary>
    public static async Task AssertPassesAsync(string scenario, IReadOnlyList<string> steps, Uri sandbox, object input)
    {
        var results = await RunAsync(scenario, sandbox, input);
        Assert.Equal(steps, results.Select(r => r.Step));
        var failures = results.Where(r => !r.Ok).Select(r => $"{r.Step}: {r.Detail}").ToList();
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    public static async Task<IReadOnlyList<StepResult>> RunAsync(string scenario, Uri sandbox, object input)
    {
        var script = Path.Combine(AppHostTesting.RepositoryRoot(), "InstaUploader.Tests", "Conformance", $"scenario_{scenario}.py");
        var config = JsonSerializer.SerializeToNode(input)!.AsObject();
        config["reference"] = Reference;
        config["base"] = sandbox.ToString();

        using var python = Process.Start(new ProcessStartInfo("python3", [script])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        await python.StandardInput.WriteAsync(config.ToJsonString());
        python.StandardInput.Close();
        var output = python.StandardOutput.ReadToEndAsync();
        var errors = python.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await python.WaitForExitAsync(timeout.Token);
        Assert.True(python.ExitCode == 0, $"python3 exited {python.ExitCode}: {await errors}");
        var lines = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return [.. lines.Select(line => JsonSerializer.Deserialize<StepResult>(line, new JsonSerializerOptions(JsonSerializerDefaults.Web))!)];
    }
}
