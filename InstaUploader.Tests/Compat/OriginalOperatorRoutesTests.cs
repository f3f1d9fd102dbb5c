using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InstaUploader.Tests.Infrastructure;
using Npgsql;

namespace InstaUploader.Tests.Compat;

/// <summary>
/// The original Web's operator routes its ui_client.py calls (with the worker token): the original's field names in,
/// its <c>{"ok": true, …}</c> answers out, each landing in our own features (checked through /api/v1), bad input a
/// ProblemDetails carrying the original's field names, and records made in the caller's workspace.
/// </summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class OriginalOperatorRoutesTests(ControlPlaneFixture fx)
{
    [Fact]
    public async Task Accounts_are_created_edited_imported_and_moved_between_proxies()
    {
        using var client = fx.Worker();
        using var op = fx.Operator();
        var tag = OperatorApi.Unique("orig");

        var created = await OkAsync(client.PostAsJsonAsync("/api/accounts/create/", new
        {
            username = $"{tag}_a", password = "pw-a", email_username = "a@mail.test", email_password = "mail-pw", tfa_secret = "JBSWY3DPEHPK3PXP",
        }));
        Assert.Equal(["ok", "account_id", "username"], Names(created));
        Assert.True(created.GetProperty("ok").GetBoolean());
        var a = created.GetProperty("account_id").GetInt32();
        var stored = await op.GetFromJsonAsync<JsonElement>($"/api/v1/accounts/{a}");
        Assert.Equal("a@mail.test", stored.GetProperty("email_login").GetString());
        Assert.True(stored.GetProperty("has_two_factor").GetBoolean());

        await ProblemAsync(client.PostAsJsonAsync("/api/accounts/create/", new { username = $"{tag}_a", password = "pw" }), HttpStatusCode.Conflict);
        var missing = await ProblemAsync(client.PostAsJsonAsync("/api/accounts/create/", new { username = $"{tag}_b", tfa_secret = "not base32 !" }), HttpStatusCode.BadRequest);
        Assert.Contains("password", missing.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Contains("tfa_secret", missing.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Contains("password", missing.GetProperty("detail").GetString());

        var edited = await OkAsync(client.PostAsJsonAsync($"/api/accounts/{a}/edit/", new { notes = "edited", status = "DISABLED" }));
        Assert.Equal(a, edited.GetProperty("account_id").GetInt32());
        stored = await op.GetFromJsonAsync<JsonElement>($"/api/v1/accounts/{a}");
        Assert.Equal(("edited", "disabled", "a@mail.test"), (stored.GetProperty("notes").GetString(), stored.GetProperty("status").GetString(), stored.GetProperty("email_login").GetString()));
        Assert.True(stored.GetProperty("has_password").GetBoolean());
        await ProblemAsync(client.PostAsJsonAsync("/api/accounts/999999999/edit/", new { notes = "x" }), HttpStatusCode.NotFound);

        var imported = await OkAsync(client.PostAsJsonAsync("/api/accounts/import/", new
        {
            accounts = new object[] { new { username = $"{tag}_c", password = "pw-c" }, new { username = $"{tag}_a", password = "pw" }, new { username = "", password = "pw" } },
        }));
        Assert.Equal(["ok", "created_count", "skipped_count", "errors"], Names(imported));
        Assert.Equal((1, 1), (imported.GetProperty("created_count").GetInt32(), imported.GetProperty("skipped_count").GetInt32()));
        Assert.Equal(2, Assert.Single(imported.GetProperty("errors").EnumerateArray()).GetProperty("index").GetInt32());
        await ProblemAsync(client.PostAsJsonAsync("/api/accounts/import/", new { accounts = Array.Empty<object>() }), HttpStatusCode.BadRequest);
        var c = (await op.GetFromJsonAsync<JsonElement>($"/api/v1/accounts?q={tag}_c")).GetProperty("items")[0].GetProperty("id").GetInt32();

        var proxy = await OkAsync(client.PostAsJsonAsync("/api/proxies/create/", new
        {
            host = $"{tag}.proxy.test".Replace('_', '-'), port = 1080, username = "pu", password = "pp", proxy_type = "SOCKS5",
        }));
        Assert.Equal(["ok", "proxy_id", "proxy"], Names(proxy));
        var proxyId = proxy.GetProperty("proxy_id").GetInt32();
        Assert.Equal("socks5", (await op.GetFromJsonAsync<JsonElement>($"/api/v1/proxies/{proxyId}")).GetProperty("scheme").GetString());
        var badProxy = await ProblemAsync(client.PostAsJsonAsync("/api/proxies/create/", new { host = "h.test", port = 1, proxy_type = "FTP" }), HttpStatusCode.BadRequest);
        Assert.Contains("proxy_type", badProxy.GetProperty("errors").EnumerateObject().Select(p => p.Name));

        var moved = await OkAsync(client.PostAsJsonAsync("/api/accounts/bulk-change-proxy/", new { account_ids = new[] { a, c }, proxy_id = proxyId }));
        Assert.Equal(2, moved.GetProperty("updated_count").GetInt32());
        Assert.Equal(proxyId, (await op.GetFromJsonAsync<JsonElement>($"/api/v1/accounts/{c}")).GetProperty("proxy_id").GetInt32());
        await OkAsync(client.PostAsJsonAsync("/api/accounts/bulk-change-proxy/", new { account_ids = new[] { c }, proxy_id = (int?)null }));
        Assert.Equal(JsonValueKind.Null, (await op.GetFromJsonAsync<JsonElement>($"/api/v1/accounts/{c}")).GetProperty("proxy_id").ValueKind);
        Assert.Equal(proxyId, (await op.GetFromJsonAsync<JsonElement>($"/api/v1/accounts/{a}")).GetProperty("proxy_id").GetInt32());
        await ProblemAsync(client.PostAsJsonAsync("/api/accounts/bulk-change-proxy/", new { account_ids = new[] { 999999999 }, proxy_id = proxyId }), HttpStatusCode.BadRequest);

        var proxies = await OkAsync(client.PostAsJsonAsync("/api/proxies/import/", new
        {
            proxies = new object[] { new { host = $"{tag}.second.test".Replace('_', '-'), port = 3128 }, new { host = $"{tag}.proxy.test".Replace('_', '-'), port = 1080, username = "pu" }, new { port = 1 } },
        }));
        Assert.Equal((1, 1, 2), (proxies.GetProperty("created_count").GetInt32(), proxies.GetProperty("skipped_count").GetInt32(),
            Assert.Single(proxies.GetProperty("errors").EnumerateArray()).GetProperty("index").GetInt32()));
    }

    [Fact]
    public async Task A_dolphin_profile_is_kept_when_the_account_has_one_and_unknown_accounts_are_404()
    {
        using var client = fx.Worker();
        var tag = OperatorApi.Unique("orig_dp");
        var a = (await OkAsync(client.PostAsJsonAsync("/api/accounts/create/", new { username = tag, password = "pw", dolphin_profile_id = "prof-1" })))
            .GetProperty("account_id").GetInt32();

        var kept = await OkAsync(client.PostAsJsonAsync($"/api/accounts/{a}/create-dolphin-profile/", new { }));
        Assert.Equal(("prof-1", false), (kept.GetProperty("profile_id").GetString(), kept.GetProperty("created").GetBoolean()));
        await ProblemAsync(client.PostAsJsonAsync("/api/accounts/999999999/create-dolphin-profile/", new { }), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Proxies_are_validated_all_at_once_and_the_failed_ones_cleaned_up()
    {
        using var client = fx.Worker();
        using var op = fx.Operator();
        var host = OperatorApi.Unique("dead").Replace('_', '-') + ".proxy.test";
        var dead = (await OkAsync(client.PostAsJsonAsync("/api/proxies/create/", new { host, port = 8080 }))).GetProperty("proxy_id").GetInt32();

        var validating = await OkAsync(client.PostAsync("/api/proxies/validate-all/", null));
        Assert.Equal(["ok", "task_id", "proxies_count"], Names(validating));
        Assert.True(validating.GetProperty("proxies_count").GetInt32() >= 1);
        var task = await op.GetTaskAsync(validating.GetProperty("task_id").GetInt32());
        Assert.Equal("proxy_diag", task.GetProperty("kind").GetString());

        using (var report = await client.PostAsJsonAsync($"/api/proxies/{dead}/diagnostics", new { ok = false, error = "connect refused" }))
        {
            await OperatorApi.EnsureAsync(report);
        }

        var cleaned = await OkAsync(client.PostAsync("/api/proxies/cleanup-inactive/", null));
        Assert.True(cleaned.GetProperty("deleted_count").GetInt32() >= 1);
        Assert.Equal(HttpStatusCode.NotFound, (await op.GetAsync($"/api/v1/proxies/{dead}")).StatusCode);
        Assert.Equal(0, (await OkAsync(client.PostAsync("/api/proxies/cleanup-inactive/", null))).GetProperty("deleted_count").GetInt32());
    }

    [Fact]
    public async Task Media_uniquification_starts_from_video_ids_and_answers_its_status()
    {
        using var client = fx.Worker();
        var video = (await fx.Operator().UploadMediaAsync(OperatorApi.MakeVideo(Path.Combine(Path.GetTempPath(), "iu-tests", "orig-uniq"), seconds: 1, size: 64), "video/mp4"))
            .GetProperty("id").GetInt32();

        var started = await OkAsync(client.PostAsJsonAsync("/api/media/uniquify/", new { video_ids = new[] { video } }));
        Assert.Equal(["ok", "task_id", "video_count", "message"], Names(started));
        Assert.Equal(1, started.GetProperty("video_count").GetInt32());
        var status = await OkAsync(client.GetAsync($"/api/media/uniquify/{started.GetProperty("task_id").GetInt32()}/status/"));
        Assert.Equal(started.GetProperty("task_id").GetInt32(), status.GetProperty("task_id").GetInt32());

        var none = await ProblemAsync(client.PostAsJsonAsync("/api/media/uniquify/", new { video_ids = Array.Empty<int>() }), HttpStatusCode.BadRequest);
        Assert.Equal(["video_ids"], none.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        var unknown = await ProblemAsync(client.PostAsJsonAsync("/api/media/uniquify/", new { video_ids = new[] { 999999999 } }), HttpStatusCode.BadRequest);
        Assert.Contains("video_ids", unknown.GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Follow_categories_and_targets_take_the_original_bodies()
    {
        using var client = fx.Worker();
        var name = OperatorApi.Unique("orig_cat");
        var category = await OkAsync(client.PostAsJsonAsync("/api/follow/categories/create/", new { name, description = "d" }));
        Assert.Equal(["ok", "category_id", "name"], Names(category));
        var id = category.GetProperty("category_id").GetInt32();
        await ProblemAsync(client.PostAsJsonAsync("/api/follow/categories/create/", new { name = "" }), HttpStatusCode.BadRequest);

        var targets = new { targets = new object[] { new { username = "fit_alma", full_name = "Alma" }, new { username = "cook_bek" }, new { full_name = "no name" } } };
        var added = await OkAsync(client.PostAsJsonAsync($"/api/follow/categories/{id}/targets/", targets));
        Assert.Equal(["ok", "created_count", "skipped_count"], Names(added));
        Assert.Equal((2, 0), (added.GetProperty("created_count").GetInt32(), added.GetProperty("skipped_count").GetInt32()));
        var again = await OkAsync(client.PostAsJsonAsync($"/api/follow/categories/{id}/targets/", targets));
        Assert.Equal((0, 2), (again.GetProperty("created_count").GetInt32(), again.GetProperty("skipped_count").GetInt32()));
        await ProblemAsync(client.PostAsJsonAsync("/api/follow/categories/999999999/targets/", targets), HttpStatusCode.NotFound);

        // Our own body keeps its own answer.
        var ours = await OkAsync(client.PostAsJsonAsync($"/api/follow/categories/{id}/targets", new { usernames = new[] { "new_one" } }));
        Assert.Equal(["category_id", "added", "skipped"], Names(ours));
    }

    [Fact]
    public async Task The_cookie_robot_takes_one_account_id_as_the_original_did()
    {
        using var client = fx.Worker();
        var account = await fx.Operator().CreateAccountAsync(OperatorApi.Unique("orig_cookie"));

        var started = await OkAsync(client.PostAsJsonAsync("/api/cookie-robot/start/", new { account_id = account, urls = new[] { "https://example.com/" }, headless = true, imageless = false }));
        Assert.Equal(["ok", "task_id", "account_username"], Names(started));
        var task = await fx.Operator().GetTaskAsync(started.GetProperty("task_id").GetInt32());
        Assert.Equal("cookie_robot", task.GetProperty("kind").GetString());
        await ProblemAsync(client.PostAsJsonAsync("/api/cookie-robot/start/", new { account_id = 999999999, urls = new[] { "https://example.com/" } }), HttpStatusCode.NotFound);

        using var ours = await client.PostAsJsonAsync("/api/cookie-robot/start", new { account_ids = new[] { account }, urls = new[] { "https://example.com/" } });
        Assert.Equal(HttpStatusCode.Accepted, ours.StatusCode);
    }

    [Fact]
    public async Task Records_go_into_the_callers_workspace()
    {
        using var op = fx.Operator();
        using var workspace = await op.PostAsJsonAsync("/api/v1/workspaces", new { name = OperatorApi.Unique("orig_ws") });
        await OperatorApi.EnsureAsync(workspace);
        var workspaceId = (await workspace.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        using var inWorkspace = fx.Operator();
        inWorkspace.DefaultRequestHeaders.Add("X-Workspace-Id", workspaceId.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var account = (await OkAsync(inWorkspace.PostAsJsonAsync("/api/accounts/create/", new { username = OperatorApi.Unique("orig_ws_a"), password = "pw" })))
            .GetProperty("account_id").GetInt32();
        var proxy = (await OkAsync(inWorkspace.PostAsJsonAsync("/api/proxies/create/", new { host = OperatorApi.Unique("ws").Replace('_', '-') + ".test", port = 3128 })))
            .GetProperty("proxy_id").GetInt32();

        await using var db = new NpgsqlConnection(await fx.ConnectionStringAsync());
        await db.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT (SELECT workspace_id FROM accounts WHERE id = @a), (SELECT workspace_id FROM proxies WHERE id = @p)", db);
        query.Parameters.AddWithValue("a", account);
        query.Parameters.AddWithValue("p", proxy);
        await using var row = await query.ExecuteReaderAsync();
        Assert.True(await row.ReadAsync());
        Assert.Equal((workspaceId, workspaceId), (row.GetInt32(0), row.GetInt32(1)));
    }

    private static string[] Names(JsonElement body) => [.. body.EnumerateObject().Select(p => p.Name)];

    private static async Task<JsonElement> OkAsync(Task<HttpResponseMessage> sending)
    {
        using var response = await sending;
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<JsonElement> ProblemAsync(Task<HttpResponseMessage> sending, HttpStatusCode expected)
    {
        using var response = await sending;
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()), text);
        return problem;
    }
}
