using InstaUploader.Contracts.Status;
using InstaUploader.Instagram.Web;
using InstaUploader.Worker.Runners.Common;

namespace InstaUploader.Worker.Runners.Canary;

/// <summary>
/// web_canary: walks instagram.com's pages in the account's browser without changing anything and reports the first
/// step that no longer matches the selectors file (or that all match). A mismatch fails the item without a retry:
/// the page will not change back by itself, and the result names the step for the monitoring page.
/// </summary>
public sealed class WebCanaryRunner(BrowserAccountLogin browsers, WebCanary canary, CanaryMeters meters) : IWorkRunner
{
    public IReadOnlyCollection<string> Kinds { get; } = [TaskKinds.WebCanary];

    public async Task<WorkOutcome> RunAsync(ClaimedWork work, IWorkContext context, CancellationToken ct)
    {
        var account = WorkAccount.From(work);
        var profile = PayloadJson.Str(PayloadJson.Object(work.Payload, "options"), "profile");
        await using var browser = await browsers.OpenAsync(account, context, ct);
        var report = await canary.RunAsync(browser.Page, account.WebCredentials(), profile, ct);
        meters.Record(report);

        var result = CanaryResult.From(report, account.Username);
        foreach (var step in report.Steps)
        {
            await context.LogAsync($"Canary step '{step.Name}': {(step.Passed ? "matches" : "NO LONGER MATCHES")}{(step.Detail is null ? "" : $" ({step.Detail})")}", ct);
        }

        await context.CountAsync(report.Healthy ? CounterNames.Success : CounterNames.Failed, 1, ct);
        return report.FirstBroken is { } broken
            ? WorkOutcome.Fail($"Web canary: step '{broken.Name}' no longer matches selectors {report.SelectorsVersion}: {broken.Detail}") with { Result = result }
            : WorkOutcome.Ok(result);
    }
}
