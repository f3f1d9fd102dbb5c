using System.Text.Json;
using InstaUploader.Contracts;
using InstaUploader.Instagram.Mobile;
using InstaUploader.Worker.Runners;
using InstaUploader.Worker.Runners.Common;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace InstaUploader.Tests.Worker;

/// <summary>
/// A refusal only a person can clear ends the item on its first attempt (never "will retry"), with a reason an
/// operator can act on and the account flagged through the completion's account_status.
/// </summary>
public sealed class NeedsAttentionOutcomeTests
{
    public static TheoryData<Exception, string, string> Refusals => new()
    {
        { new AppVersionRefusedException("needs_upgrade: update Instagram:App"), AccountStatuses.LoginRequired, "Instagram refused the login of @acct" },
        { new SentryBlockException("sentry_block"), AccountStatuses.LoginRequired, "Instagram blocked @acct" },
        { new BloksTwoFactorRequiredException("Bloks two-factor"), AccountStatuses.LoginRequired, "@acct cannot log in here" },
        { new CheckpointRequiredException("checkpoint_required"), AccountStatuses.Challenge, "@acct needs a person" },
        { new ManualChallengeException("native_flow"), AccountStatuses.Challenge, "@acct needs a person" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task The_item_fails_without_retry_and_flags_the_account(Exception refusal, string accountStatus, string reasonStart)
    {
        var guard = new RunGuard(Microsoft.Extensions.Options.Options.Create(new RunnerOptions()), NullLogger<RunGuard>.Instance);
        var context = new LoggingContext();
        var work = new ClaimedWork("1", "bulk_login", TaskId: 1, Attempts: 1, LeaseExpiresAt: null, Account: null, Payload: default(JsonElement));
        var account = new WorkAccount { Id = 7, Username = "acct", Password = "pw", Email = "a@b.c", EmailPassword = "m", TotpSecret = "JBSWY3DPEHPK3PXP" };

        var outcome = await guard.RunAsync(work, context, account, () => throw refusal);

        Assert.False(outcome.Success);
        Assert.False(outcome.Retryable);
        Assert.Equal(accountStatus, outcome.AccountStatus);
        Assert.StartsWith(reasonStart, outcome.Error, StringComparison.Ordinal);
        Assert.Contains(refusal.Message, outcome.Error, StringComparison.Ordinal);
        var line = Assert.Single(context.Lines);
        Assert.DoesNotContain("will retry", line, StringComparison.Ordinal);
    }

    private sealed class LoggingContext : IWorkContext
    {
        public List<string> Lines { get; } = [];

        public Task LogAsync(string line, CancellationToken ct)
        {
            Lines.Add(line);
            return Task.CompletedTask;
        }

        public Task AddCountersAsync(IReadOnlyDictionary<string, int> counters, CancellationToken ct) => Task.CompletedTask;

        public Task SaveAccountStateAsync(string? sessionSettings, string? cookiesJson, int? cookiesCount, CancellationToken ct) => Task.CompletedTask;

        public Task<string> DownloadMediaAsync(int mediaId, CancellationToken ct) => throw new NotSupportedException();
    }
}
