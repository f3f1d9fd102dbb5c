using InstaUploader.Contracts.Proxies;
using InstaUploader.Contracts.Status;
using InstaUploader.Worker.WebApi;

namespace InstaUploader.Worker.Runners.ProxyDiagnostics;

/// <summary>
/// Runs <c>proxy_diag</c> items: checks the item's proxy and stores the outcome on the Web's proxy record. A proxy
/// that fails the check fails the item (not retried: the reason is in its result); only a report the Web did not
/// take is retried.
/// </summary>
public sealed class ProxyDiagRunner(ProxyChecker checker, IServiceScopeFactory scopes, ILogger<ProxyDiagRunner> logger) : IWorkRunner
{
    public const string Kind = TaskKinds.ProxyDiag;

    public IReadOnlyCollection<string> Kinds { get; } = [Kind];

    public async Task<WorkOutcome> RunAsync(ClaimedWork work, IWorkContext context, CancellationToken ct)
    {
        if (ProxyEndpoint.FromPayload(work.CommonPayload()) is not { } proxy)
        {
            return WorkOutcome.Fail("The proxy_diag item carries no proxy.");
        }

        await context.LogAsync($"Checking proxy {proxy.Display}", ct);
        var result = await checker.CheckAsync(proxy, ct);
        logger.LogInformation("Proxy {Proxy} (id {Id}): ok={Ok} latency={Latency}ms exit_ip={ExitIp} error={Error}",
            proxy.Display, proxy.Id, result.Ok, result.LatencyMs, result.ExitIp, result.Error);

        await using (var scope = scopes.CreateAsyncScope())
        {
            var web = scope.ServiceProvider.GetRequiredService<WebApiClient>();
            using var response = await web.ReportDiagnosticsAsync(proxy.Id,
                new DiagnosticsReport(result.Ok, result.LatencyMs, result.ExitIp, result.HttpStatus, result.ConnectOk, result.Error), ct);
            if (!response.IsSuccessStatusCode)
            {
                return WorkOutcome.Fail($"The Web did not store the check of proxy {proxy.Id}: HTTP {(int)response.StatusCode}.", retryable: true);
            }
        }

        await context.AddCountersAsync(new Dictionary<string, int> { [result.Ok ? CounterNames.Success : CounterNames.Failed] = 1 }, ct);
        await context.LogAsync(result.Ok
            ? $"Proxy {proxy.Display} works: connect {result.LatencyMs} ms, exit IP {result.ExitIp}"
            : $"Proxy {proxy.Display} failed: {result.Error}", ct);
        return result.Ok ? WorkOutcome.Ok(result) : WorkOutcome.Fail(result.Error ?? "The proxy check failed.") with { Result = result };
    }
}
