using System.Diagnostics;
using System.Text.Json;
using InstaUploader.Tests.Infrastructure;
using InstaUploader.Tests.Instagram;
using Xunit;

namespace InstaUploader.Tests.Conformance;

/// <summary>
/// instagrapi, the reference client of Instagram's private API (../shared/reference/instagrapi, unmodified), run
/// against the Sandbox by <c>reference_client.py</c>: every step must end as the reference expects (its models
/// parse the answer, its own exception where Instagram refuses).
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class ReferenceClientConformanceTests(SandboxFixture sandbox)
{
    private static readonly string[] Steps =
    [
        "login",
        "account_info parses Account",
        "user_info_by_username_v1 parses User",
        "user_info_by_username_gql (web_profile_info for browsers) parses User",
        "user_follow",
        "user_friendship_v1 parses Relationship",
        "account_edit (biography) parses Account",
        "edit_profile without email or phone is refused",
        "load_settings + login reuses the session",
    ];

    [Fact]
    public async Task The_reference_client_completes_every_step_against_the_Sandbox()
    {
        var username = SandboxFixture.UniqueName("ref");
        var target = SandboxFixture.UniqueName("reft");
        await sandbox.RegisterAccountAsync(username, "pw", email: $"{username}@example.com");
        await sandbox.RegisterAccountAsync(target, "pw");

        var results = await RunReferenceAsync(new
        {
            reference = Path.Combine(AppHostTesting.RepositoryRoot(), "..", "shared", "reference", "instagrapi"),
            @base = sandbox.BaseUrl.ToString(),
            username,
            password = "pw",
            target,
        });

        Assert.Equal(Steps, results.Select(r => r.Step));
        var failures = results.Where(r => !r.Ok).Select(r => $"{r.Step}: {r.Detail}").ToList();
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    private sealed record StepResult(string Step, bool Ok, string Detail);

    private static async Task<IReadOnlyList<StepResult>> RunReferenceAsync(object input)
    {
        var script = Path.Combine(AppHostTesting.RepositoryRoot(), "InstaUploader.Tests", "Conformance", "reference_client.py");
        using var python = Process.Start(new ProcessStartInfo("python3", [script])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        await python.StandardInput.WriteAsync(JsonSerializer.Serialize(input));
        python.StandardInput.Close();
        var output = python.StandardOutput.ReadToEndAsync();
        var errors = python.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await python.WaitForExitAsync(timeout.Token);
        Assert.True(python.ExitCode == 0, $"python3 exited {python.ExitCode}: {await errors}");
        var lines = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return [.. lines.Select(line => JsonSerializer.Deserialize<StepResult>(line, new JsonSerializerOptions(JsonSerializerDefaults.Web))!)];
    }
}
