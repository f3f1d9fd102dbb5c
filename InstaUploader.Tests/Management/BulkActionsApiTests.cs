using System.Net;
using System.Text.Json;
using InstaUploader.Tests.Infrastructure;
using Npgsql;
using static InstaUploader.Tests.Management.ManagementHttp;

namespace InstaUploader.Tests.Management;

/// <summary>Account tags and the bulk actions of /api/v1/accounts/bulk and /api/v1/proxies/bulk (issue 16).</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class BulkActionsApiTests(ControlPlaneFixture fx)
{
    [Fact]
    public async Task Tags_are_normalised_kept_when_absent_and_filter_the_list()
    {
        using var api = fx.Operator();
        var tag = "client-" + Guid.NewGuid().ToString("n")[..8];
        var user = UniqueUsername("tagged");
        var created = await PostJsonAsync(api, "/api/v1/accounts", new { username = user, password = "pw-1", tags = new[] { $" #{tag.ToUpperInvariant()} ", "b", "b" } });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal(["b", tag], created.Body.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).ToArray());
        var id = created.Body.GetProperty("id").GetInt32();

        var kept = await PutJsonAsync(api, $"/api/v1/accounts/{id}", new { username = user, notes = "no tags field" });
        Assert.Equal(2, kept.Body.GetProperty("tags").GetArrayLength());
        var replaced = await PutJsonAsync(api, $"/api/v1/accounts/{id}", new { username = user, tags = new[] { tag } });
        Assert.Equal([tag], replaced.Body.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).ToArray());

        await PostJsonAsync(api, "/api/v1/accounts", new { username = UniqueUsername("untagged"), password = "pw-1" });
        var list = await GetAsync(api, $"/api/v1/accounts?tag={tag}");
        Assert.Equal(1, list.Body.GetProperty("total").GetInt32());
        Assert.Equal(user, list.Body.GetProperty("items")[0].Str("username"));
        var tags = await GetAsync(api, "/api/v1/accounts/tags");
        Assert.Contains(tags.Body.EnumerateArray(), t => t.Str("tag") == tag && t.GetProperty("accounts").GetInt32() == 1);

        var bad = await PostJsonAsync(api, "/api/v1/accounts", new { username = UniqueUsername("badtag"), password = "pw-1", tags = new[] { "no spaces allowed" } });
        Assert.Contains("tags", AssertProblem(bad, HttpStatusCode.BadRequest).Keys);
        Assert.Contains("tag", AssertProblem(await GetAsync(api, "/api/v1/accounts?tag=a%20b"), HttpStatusCode.BadRequest).Keys);
    }

    [Fact]
    public async Task Assign_proxies_gives_each_account_of_a_filter_its_own_proxy_round_robin()
    {
        using var api = fx.Operator();
        var tag = await TaggedAccountsAsync(api, 3);
        var proxies = await ProxiesAsync(api, 3, "ok");

        var short_ = await PostJsonAsync(api, "/api/v1/accounts/bulk", new { action = "assign_proxies", filter = new { tag }, proxy_ids = proxies.Take(2) });
        Assert.Contains("proxy_ids", AssertProblem(short_, HttpStatusCode.BadRequest).Keys);

        var done = await PostJsonAsync(api, "/api/v1/accounts/bulk", new { action = "assign_proxies", filter = new { tag }, proxy_ids = proxies });
        Assert.Equal(HttpStatusCode.OK, done.Status);
        Assert.True(done.Body.GetProperty("committed").GetBoolean());
        Assert.Equal(3, done.Body.GetProperty("records").EnumerateArray().Count(r => r.Str("outcome") == "ok"));
        var assigned = await AccountsAsync(api, tag);
        Assert.Equal(proxies.Order(), assigned.Select(a => a.GetProperty("proxy_id").GetInt32()).Order());

        // The same again changes nothing; asked to share two proxies, three accounts round-robin over them.
        var again = await PostJsonAsync(api, "/api/v1/accounts/bulk", new { action = "assign_proxies", filter = new { tag }, proxy_ids = proxies });
        Assert.All(again.Body.GetProperty("records").EnumerateArray(), r => Assert.Equal("unchanged", r.Str("outcome")));
        var shared = await PostJsonAsync(api, "/api/v1/accounts/bulk", new { action = "assign_proxies", filter = new { tag }, proxy_ids = proxies.Take(2), allow_shared = true });
        Assert.Equal(HttpStatusCode.OK, shared.Status);
        var counts = (await AccountsAsync(api, tag)).GroupBy(a => a.GetProperty("proxy_id").GetInt32()).Select(g => g.Count()).Order().ToArray();
        Assert.Equal([1, 2], counts);

        // A proxy held by an account outside the selection is not in the pool unless sharing is allowed.
        var other = await TaggedAccountsAsync(api, 1);
        var taken = await PostJsonAsync(api, "/api/v1/accounts/bulk", new { action = "assign_proxies", filter = new { tag = other }, proxy_ids = proxies.Take(1) });
        Assert.Contains("proxy_ids", AssertProblem(taken, HttpStatusCode.BadRequest).Keys);
    }

    [Fact]
    public async Task Tag_untag_status_and_delete_report_per_record_and_delete_is_all_or_nothing()
    {
        using var api = fx.Operator();
        var tag = await TaggedAccountsAsync(api, 3);
        var ids = (await AccountsAsync(api, tag)).Select(a => a.GetProperty("id").GetInt32()).ToArray();
        var extra = "extra-" + Guid.NewGuid().ToString("n")[..6];

        var tagged = await PostJsonAsync(api, "/api/v1/accounts/bulk", new { action = "tag", ids = ids[..2], tags = new[] { extra } });
        Assert.Equal(2, tagged.Body.GetProperty("records").EnumerateArray().Count(r => r.Str("outcome") == "ok"));
        Assert.Equal(2, (await AccountsAsync(api, extra)).Count);
        var untagged = await PostJsonAsync(api, "/api/v1/accounts/bulk", new { action = "untag", filter = new { tag = extra }, tags = new[] { extra } });
        Assert.Equal(HttpStatusCode.OK, untagged.Status);
        Assert.Empty(await AccountsAsync(api, extra));

        var status = await PostJsonAsync(api, "/api/v1/accounts/bulk", new { action = "set_status", filter = new { tag }, status = "disabled" });
        Assert.Equal(3, status.Body.GetProperty("matched").GetInt32());
        Assert.All(await AccountsAsync(api, tag), a => Assert.Equal("disabled", a.Str("status")));

        // One account is used by a task: deleting the three is refused as a whole, with that account named.
        await api.CreateTaskAsync(new { kind = "bulk_login", account_ids = new[] { ids[0] }, start = false });
        var refused = await PostJsonAsync(api, "/api/v1/accounts/bulk", new { action = "delete", filter = new { tag } });
        AssertProblem(refused, HttpStatusCode.Conflict);
        var records = refused.Body.GetProperty("records").EnumerateArray().ToList();
        Assert.Single(records, r => r.Str("outcome") == "error" && r.GetProperty("id").GetInt32() == ids[0]);
        Assert.Equal(3, (await AccountsAsync(api, tag)).Count);

        var deleted = await PostJsonAsync(api, "/api/v1/accounts/bulk", new { action = "delete", ids = ids[1..] });
        Assert.Equal(HttpStatusCode.OK, deleted.Status);
        Assert.Single(await AccountsAsync(api, tag));
    }

    [Fact]
    public async Task Start_task_creates_one_task_for_the_whole_selection()
    {
        using var api = fx.Operator();
        var tag = await TaggedAccountsAsync(api, 4);
        var started = await PostJsonAsync(api, "/api/v1/accounts/bulk", new { action = "start_task", filter = new { tag }, task = new { kind = "warmup", name = "warm " + tag } });
        Assert.Equal(HttpStatusCode.OK, started.Status);
        var taskId = started.Body.GetProperty("task_id").GetInt32();
        var task = await api.GetTaskAsync(taskId);
        Assert.Equal(4, task.GetProperty("items").GetArrayLength());

        var bad = await PostJsonAsync(api, "/api/v1/accounts/bulk", new { action = "start_task", filter = new { tag }, task = new { kind = "warmup", options = new { likes_min = 9, likes_max = 1 } } });
        Assert.Contains(AssertProblem(bad, HttpStatusCode.BadRequest).Keys, k => k.StartsWith("task.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bad_bulk_requests_get_field_errors()
    {
        using var api = fx.Operator();
        Assert.Contains("action", AssertProblem(await PostJsonAsync(api, "/api/v1/accounts/bulk", new { ids = new[] { 1 } }), HttpStatusCode.BadRequest).Keys);
        Assert.Contains("ids", AssertProblem(await PostJsonAsync(api, "/api/v1/accounts/bulk", new { action = "tag", tags = new[] { "x" } }), HttpStatusCode.BadRequest).Keys);
        Assert.Contains("ids", AssertProblem(await PostJsonAsync(api, "/api/v1/accounts/bulk", new { action = "tag", tags = new[] { "x" }, ids = new[] { 1 }, filter = new { } }), HttpStatusCode.BadRequest).Keys);
        Assert.Contains("ids", AssertProblem(await PostJsonAsync(api, "/api/v1/accounts/bulk", new { action = "tag", tags = new[] { "x" }, ids = new[] { int.MaxValue } }), HttpStatusCode.BadRequest).Keys);
        Assert.Contains("tags", AssertProblem(await PostJsonAsync(api, "/api/v1/accounts/bulk", new { action = "tag", filter = new { } }), HttpStatusCode.BadRequest).Keys);
        Assert.Contains("status", AssertProblem(await PostJsonAsync(api, "/api/v1/accounts/bulk", new { action = "set_status", filter = new { }, status = "sleepy" }), HttpStatusCode.BadRequest).Keys);
        Assert.Contains("filter", AssertProblem(await PostJsonAsync(api, "/api/v1/accounts/bulk", new { action = "delete", filter = new { tag = "nobody-has-" + Guid.NewGuid().ToString("n")[..8] } }), HttpStatusCode.BadRequest).Keys);
        Assert.Contains("action", AssertProblem(await PostJsonAsync(api, "/api/v1/proxies/bulk", new { action = "explode", ids = new[] { 1 } }), HttpStatusCode.BadRequest).Keys);
    }

    [Fact]
    public async Task Proxies_validate_queues_diagnostics_and_delete_dead_moves_their_accounts_first()
    {
        using var api = fx.Operator();
        var dead = await ProxiesAsync(api, 2, "failed");
        var alive = await ProxiesAsync(api, 1, "ok");
        var checks = await PostJsonAsync(api, "/api/v1/proxies/bulk", new { action = "validate", ids = dead.Concat(alive) });
        Assert.Equal(HttpStatusCode.OK, checks.Status);
        var diag = await api.GetTaskAsync(checks.Body.GetProperty("task_id").GetInt32());
        Assert.Equal("proxy_diag", diag.Str("kind"));
        Assert.Equal(3, diag.GetProperty("items").GetArrayLength());

        var tag = await TaggedAccountsAsync(api, 1);
        await PostJsonAsync(api, "/api/v1/accounts/bulk", new { action = "assign_proxies", filter = new { tag }, proxy_ids = dead.Take(1) });
        var removed = await PostJsonAsync(api, "/api/v1/proxies/bulk", new { action = "delete_dead", ids = dead.Concat(alive), reassign = true });
        Assert.Equal(HttpStatusCode.OK, removed.Status);
        var records = removed.Body.GetProperty("records").EnumerateArray().ToList();
        Assert.Equal(2, records.Count(r => r.Str("outcome") == "ok"));
        Assert.Equal("unchanged", records.Single(r => r.GetProperty("id").GetInt32() == alive[0]).Str("outcome"));
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(api, $"/api/v1/proxies/{dead[0]}")).Status);
        var moved = (await AccountsAsync(api, tag)).Single();
        var newProxy = moved.GetProperty("proxy_id").GetInt32();
        Assert.DoesNotContain(newProxy, dead);
        Assert.Equal("ok", (await GetAsync(api, $"/api/v1/proxies/{newProxy}")).Body.Str("status"));
    }

    private static async Task<string> TaggedAccountsAsync(HttpClient api, int count)
    {
        var tag = "t-" + Guid.NewGuid().ToString("n")[..10];
        for (var i = 0; i < count; i++)
        {
            var r = await PostJsonAsync(api, "/api/v1/accounts", new { username = UniqueUsername("bulk"), password = "pw-1", tags = new[] { tag } });
            Assert.Equal(HttpStatusCode.Created, r.Status);
        }

        return tag;
    }

    private static async Task<List<JsonElement>> AccountsAsync(HttpClient api, string tag) =>
        [.. (await GetAsync(api, $"/api/v1/accounts?tag={tag}&page_size=500")).Body.GetProperty("items").EnumerateArray()];

    private async Task<int[]> ProxiesAsync(HttpClient api, int count, string status)
    {
        var ids = new int[count];
        for (var i = 0; i < count; i++)
        {
            var r = await PostJsonAsync(api, "/api/v1/proxies", new { scheme = "http", host = "127.0.0.1", port = 20000 + i, username = OperatorApi.Unique("bulkpx") });
            Assert.Equal(HttpStatusCode.Created, r.Status);
            ids[i] = r.Body.GetProperty("id").GetInt32();
        }

        await using var db = new NpgsqlConnection(await fx.ConnectionStringAsync());
        await db.OpenAsync();
        await using var cmd = new NpgsqlCommand("UPDATE proxies SET status = @s WHERE id = ANY(@ids)", db);
        cmd.Parameters.AddWithValue("s", status);
        cmd.Parameters.AddWithValue("ids", ids);
        await cmd.ExecuteNonQueryAsync();
        return ids;
    }
}
