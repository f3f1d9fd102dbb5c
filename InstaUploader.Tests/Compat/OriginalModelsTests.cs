using System.Text.Json;

namespace InstaUploader.Tests.Compat;

/// <summary>The checker itself fails on the drifts it exists to catch (so a green compat test means something).</summary>
public sealed class OriginalModelsTests
{
    private static List<string> Check(OriginalModels.Model model, string json) => OriginalModels.Validate(model, JsonDocument.Parse(json).RootElement);

    private const string Account = """{"account_task_id": 7, "account": {"username": "u", "password": "p", "proxy": {"type": "socks5", "host": "h", "port": 1, "user": "a", "pass": "b"}}}""";

    [Fact]
    public void A_valid_body_passes_and_unknown_fields_are_ignored() =>
        Assert.Empty(Check(OriginalModels.BulkTaskAggregate, $$"""{"id": 1, "extra": [1], "accounts": [{{Account}}], "videos": [{"id": 3, "title": null, "url": null}]}"""));

    [Theory]
    [InlineData("""{"id": 1, "accounts": [], "videos": [{"id": "3"}]}""", "$.videos[0].id")] // a string for an int
    [InlineData("""{"id": 1, "accounts": []}""", "$.videos")] // a required list missing
    [InlineData("""{"id": 1, "accounts": [{"account_task_id": 7, "account": {"username": "u"}}], "videos": []}""", "$.accounts[0].account.password")]
    [InlineData("""{"id": 1, "accounts": [{"account_task_id": 7, "account": {"username": "u", "password": "p", "proxy": {"type": "socks4", "host": "h", "port": 1}}}], "videos": []}""", "$.accounts[0].account.proxy.type")]
    [InlineData("""{"id": 1, "accounts": [], "videos": [{"id": 3, "order": null}]}""", "$.videos[0].order")] // a defaulted field may be missing, not null
    [InlineData("""{"id": 1, "accounts": [], "videos": [{"id": 3, "url": "/api/media/3/download"}]}""", "$.videos[0].url")] // HttpUrl is absolute
    public void Drift_is_reported_at_its_path(string json, string path) =>
        Assert.Contains(Check(OriginalModels.BulkTaskAggregate, json), e => e.StartsWith(path + ":", StringComparison.Ordinal));

    [Theory]
    [InlineData("accepted")]
    [InlineData("running")]
    [InlineData("idle")]
    public void Job_status_words_are_the_original_literals(string word) =>
        Assert.NotEmpty(Check(OriginalModels.JobStatus, $$"""{"job_id": "j", "status": "{{word}}"}"""));
}
