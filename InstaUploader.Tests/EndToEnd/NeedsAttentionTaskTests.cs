using System.Net.Http.Json;
using System.Text.Json;
using InstaUploader.Tests.Infrastructure;

namespace InstaUploader.Tests.EndToEnd;

/// <summary>
/// Through the whole system: a mobile login Instagram refuses in a way only a person can clear ends the item on its
/// first attempt (no retry, though more were allowed) and flags the account with a reason the operator can act on.
/// </summary>
[Collection(TopologyCollection.Name)]
public sealed class NeedsAttentionTaskTests(TopologyFixture fx)
{
    private readonly E2EKit _kit = new(fx);

    [Theory]
    [InlineData("sentry_block", "login_required", "Instagram blocked @")]
    [InlineData("native_flow", "challenge", "needs a person")]
    public async Task A_refusal_only_a_person_can_clear_ends_the_item_at_once_and_flags_the_account(
        string fault, string accountStatus, string reason)
    {
        var faults = fault == "sentry_block" ? new SandboxFaults(SentryBlock: true) : new SandboxFaults(ManualChallenge: fault);
        var account = await _kit.AddAccountAsync(E2EAccount.Unique("e2e_attn"), faults);

        var (task, _) = await _kit.RunTaskAsync("bulk_login", [account], new { upload_method = "instagrapi" }, maxAttempts: 3);

        var item = E2EKit.Item(task, account);
        Assert.True(item.GetProperty("status").GetString() == "failed", E2EKit.Describe(task));
        Assert.Equal(1, item.GetProperty("attempts").GetInt32());
        Assert.DoesNotContain("(will retry)", item.GetProperty("log").GetString(), StringComparison.Ordinal);
        var saved = await _kit.Operator.GetFromJsonAsync<JsonElement>($"/api/v1/accounts/{account.Id}");
        Assert.Equal(accountStatus, saved.GetProperty("status").GetString());
        Assert.Contains(reason, saved.GetProperty("last_error").GetString(), StringComparison.Ordinal);
    }
}
