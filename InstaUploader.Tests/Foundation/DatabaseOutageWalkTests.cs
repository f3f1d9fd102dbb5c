using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using InstaUploader.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace InstaUploader.Tests.Foundation;

/// <summary>
/// The real Web with its PostgreSQL stopped: every GET operation of its OpenAPI document, every POST one with a
/// plausible body, the UI's pages and the health endpoint answer either without the database or with 503,
/// Retry-After and a ProblemDetails; never a 500 (issue 24 item 3). Its own topology, since the database goes away.
/// </summary>
public sealed partial class DatabaseOutageWalkTests : IAsyncLifetime
{
    private DistributedApplication _app = null!;

    public async Task InitializeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        _app = await TopologyFixture.StartAsync(["--workers", "0", "--sandbox", "false"], cts.Token);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Every_route_answers_503_with_Retry_After_and_a_problem_while_the_database_is_stopped()
    {
        using var anonymous = _app.CreateHttpClient("web");
        var document = JsonNode.Parse(await anonymous.GetStringAsync("/openapi/v1.json"))!;
        using var op = Client(_app.Parameter("operator-api-token"));
        using var worker = Client(_app.Parameter("worker-token"));
        worker.DefaultRequestHeaders.Add("X-Worker-Id", "outage-walk");

        await StopDatabaseAsync();

        var failures = new List<string>();
        var unavailable = 0;
        var requests = Requests(document).ToList();
        foreach (var (method, path, body) in requests)
        {
            foreach (var client in new[] { op, worker })
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path)
                {
                    Content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json"),
                };
                using var response = await client.SendAsync(request);
                var status = (int)response.StatusCode;
                if (status is 401 or 403)
                {
                    continue; // the other client's route
                }

                if (status == 503)
                {
                    unavailable++;
                    if (response.Headers.RetryAfter is null || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                    {
                        failures.Add($"{method} {path} → 503 without Retry-After or ProblemDetails ({response.Content.Headers.ContentType})");
                    }
                }
                else if (status >= 500)
                {
                    failures.Add($"{method} {path} → {status}: {Cut(await response.Content.ReadAsStringAsync())}");
                }

                break;
            }
        }

        // The readiness report keeps its own JSON shape for monitors; it too says the service is unavailable.
        using var health = await anonymous.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);

        Assert.True(failures.Count == 0, $"{failures.Count} of {requests.Count} routes failed during the outage:\n" + string.Join("\n", failures));
        // The walk must have reached the database: most routes read it.
        Assert.True(unavailable > requests.Count / 2, $"Only {unavailable} of {requests.Count} routes answered 503.");
    }

    private HttpClient Client(string token)
    {
        var client = _app.CreateHttpClient("web");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private async Task StopDatabaseAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var notifications = _app.Services.GetRequiredService<ResourceNotificationService>();
        Assert.True(notifications.TryGetCurrentState("postgres", out var postgres), "no postgres resource");
        var result = await _app.Services.GetRequiredService<ResourceCommandService>()
            .ExecuteCommandAsync(postgres!.ResourceId, KnownResourceCommands.StopCommand, cts.Token);
        Assert.True(result.Success, result.Message);
        await notifications.WaitForResourceAsync("postgres", e => e.Snapshot.State?.Text is "Exited" or "Finished" or "FailedToStart", cts.Token);
    }

    /// <summary>Every GET and POST operation with its ids filled in (1), POSTs with an empty JSON object; plus the UI and health.</summary>
    private static IEnumerable<(string Method, string Path, string? Body)> Requests(JsonNode document)
    {
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            var url = ParameterPattern().Replace(path, m => m.Groups[1].Value == "kind" ? "bulk_login" : "1");
            foreach (var (method, _) in item!.AsObject())
            {
                switch (method)
                {
                    case "get":
                        yield return ("GET", url, null);
                        break;
                    case "post":
                        yield return ("POST", url, "{}");
                        break;
                }
            }
        }

        yield return ("GET", "/", null);
        yield return ("GET", "/account/login", null);
        yield return ("GET", "/tasks", null);
    }

    private static string Cut(string text, int max = 300) => text.Length <= max ? text : text[..max] + "…";

    [GeneratedRegex(@"\{([^}:?]+)[^}]*\}")]
    private static partial Regex ParameterPattern();
}
