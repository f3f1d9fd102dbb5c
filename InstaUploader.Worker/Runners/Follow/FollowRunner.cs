using InstaUploader.Instagram.Mobile;
using InstaUploader.Instagram.Web;
using InstaUploader.Worker.Runners.Common;

namespace InstaUploader.Worker.Runners.Follow;

/// <summary>
/// follow: follows a random number (follow_min..follow_max) of random targets of the task's category, through the
/// mobile API by default or from the targets' profile pages when options.upload_method is "playwright".
/// The choice is stable per item and a retry skips the targets its earlier attempts counted, so a crash does not
/// make the account follow more than it was asked to.
/// </summary>
public sealed class FollowRunner(
    MobileAccountLogin login, BrowserAccountLogin browsers, WebProfileActions web, ItemProgress progress, RunGuard guard) : IWorkRunner
{
    public IReadOnlyCollection<string> Kinds { get; } = [TaskKinds.Follow];

    public async Task<WorkOutcome> RunAsync(ClaimedWork work, IWorkContext context, CancellationToken ct)
    {
        var account = WorkAccount.From(work);
        var targets = PayloadJson.Strings(work.Payload, "targets")
            .Select(t => t.TrimStart('@'))
            .Where(t => !t.Equals(account.Username, StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.OrdinalIgnoreCase)
            .ToList();
        var random = Amount.StableFor(work);
        var wanted = Math.Min(targets.Count, Amount.Between(PayloadJson.IntSetting(work, "follow_min"), PayloadJson.IntSetting(work, "follow_max"), random));
        var chosen = targets.OrderBy(_ => random.Next()).Take(wanted).ToList();
        var done = await progress.ReadAsync(work, ct);
        var remaining = chosen.Skip(done.Follows + done.Failed).ToList();
        await context.LogAsync($"Following {wanted} of {targets.Count} target(s) from {account}"
                               + (remaining.Count < wanted ? $" ({wanted - remaining.Count} handled by an earlier attempt)" : ""), ct);
        if (remaining.Count == 0)
        {
            return WorkOutcome.Ok(new { follows = done.Follows });
        }

        return await guard.RunAsync(work, context, account, async () =>
        {
            int followed;
            if (UploadMethods.ForAccountWork(work) == UploadMethod.Playwright)
            {
                await using var browser = await browsers.OpenLoggedInAsync(account, context, ct);
                followed = await FollowAllAsync(remaining, target => web.FollowAsync(browser.Page, target, ct), context, ct);
                await BrowserAccountLogin.SaveCookiesAsync(browser, context, ct);
            }
            else
            {
                var session = await login.LoginAsync(account, context, ct);
                followed = await FollowAllAsync(remaining, target => login.Client.FollowAsync(session, target, ct), context, ct);
                await MobileAccountLogin.SaveAsync(session, context, ct);
            }

            await context.LogAsync($"Followed {done.Follows + followed} of {wanted} target(s)", ct);
            return WorkOutcome.Ok(new { follows = done.Follows + followed, wanted });
        });
    }

    /// <summary>Counts each follow as it happens (a later refusal keeps the earlier ones); a missing target counts as failed.</summary>
    private static async Task<int> FollowAllAsync(IReadOnlyList<string> targets, Func<string, Task<bool>> follow, IWorkContext context, CancellationToken ct)
    {
        var followed = 0;
        foreach (var target in targets)
        {
            try
            {
                // A process frozen while another worker took the item over must not follow on thawing.
                await context.EnsureLeaseAsync(ct);
                await follow(target);
                await context.CountAsync("follows", 1, ct);
                await context.LogAsync($"Followed @{target}", ct);
                followed++;
            }
            catch (UserNotFoundException)
            {
                await context.CountAsync("failed", 1, ct);
                await context.LogAsync($"@{target} does not exist (skipped)", ct);
            }
        }

        return followed;
    }
}
