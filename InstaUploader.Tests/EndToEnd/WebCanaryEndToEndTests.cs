using System.Net.Http.Json;
using System.Text.Json;
using InstaUploader.Instagram.Web.Selectors;
using InstaUploader.Tests.Infrastructure;

namespace InstaUploader.Tests.EndToEnd;

/// <summary>
/// The web canary as an operator runs it: a web_canary task walks the Sandbox's pages in a worker's browser, and
/// the monitoring API shows the latest result with the account and when it ran.
/// </summary>
[Collection(TopologyCollection.Name)]
public sealed class WebCanaryEndToEndTests(TopologyFixture fx)
{
    private readonly E2EKit _kit = new(fx);

    [Fact]
    public async Task A_canary_against_todays_pages_reports_that_all_steps_match_and_the_monitoring_API_shows_it()
    {
        var target = OperatorApi.Unique("e2e_cnyt");
        await _kit.Sandbox.AddProfileAsync(target, posts: 1);
        var account = await _kit.AddAccountAsync(E2EAccount.Unique("e2e_cny"));

        var (task, _) = await _kit.RunTaskAsync("web_canary", [account], new { profile = target }, maxAttempts: 1);

        var item = E2EKit.Item(task, account);
        Assert.True(item.GetProperty("status").GetString() == "done", E2EKit.Describe(task));
        var result = Result(item);
        Assert.True(result.GetProperty("healthy").GetBoolean());
        Assert.Equal(WebSelectors.English.Version, result.GetProperty("selectors_version").GetString());
        Assert.Equal(JsonValueKind.Null, result.GetProperty("first_broken").ValueKind);
        Assert.Equal(["login form", "log in", "home feed", "create dialog", "profile page", "profile editor"],
            result.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("name").GetString()));

        var latest = await _kit.Operator.GetFromJsonAsync<JsonElement>("/api/v1/canary/latest");
        Assert.Equal(task.GetProperty("id").GetInt32(), latest.GetProperty("task_id").GetInt32());
        Assert.Equal(account.Username, latest.GetProperty("account").GetString());
        Assert.True(latest.GetProperty("healthy").GetBoolean());
        Assert.Equal(JsonValueKind.String, latest.GetProperty("ran_at").ValueKind);
    }

    [Fact]
    public async Task A_page_the_Sandbox_changed_is_named_as_the_first_step_that_no_longer_matches()
    {
        var account = await _kit.AddAccountAsync(E2EAccount.Unique("e2e_cnyx"), new SandboxFaults(WebBioLabelRenamed: true));

        var (task, _) = await _kit.RunTaskAsync("web_canary", [account], maxAttempts: 1);

        var item = E2EKit.Item(task, account);
        Assert.True(item.GetProperty("status").GetString() == "failed", E2EKit.Describe(task));
        var result = Result(item);
        Assert.False(result.GetProperty("healthy").GetBoolean());
        Assert.Equal("profile editor", result.GetProperty("first_broken").GetString());
        Assert.Contains("Bio", result.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("'profile editor' no longer matches", item.GetProperty("last_error").GetString(), StringComparison.Ordinal);

        var latest = await _kit.Operator.GetFromJsonAsync<JsonElement>("/api/v1/canary/latest");
        Assert.Equal(account.Username, latest.GetProperty("account").GetString());
        Assert.False(latest.GetProperty("healthy").GetBoolean());
        Assert.Equal("profile editor", latest.GetProperty("first_broken").GetString());
    }

    private static JsonElement Result(JsonElement item)
    {
        var raw = item.GetProperty("result");
        return raw.ValueKind == JsonValueKind.String ? JsonDocument.Parse(raw.GetString()!).RootElement : raw;
    }
}
