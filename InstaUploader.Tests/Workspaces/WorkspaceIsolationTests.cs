using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using InstaUploader.Tests.Infrastructure;

namespace InstaUploader.Tests.Workspaces;

/// <summary>
/// Issue 25's proof over HTTP: every operation of the OpenAPI document, called as each role of workspace A and as a
/// member of workspace B with A's ids. B never gets a 2xx on A's ids, never sees one of A's records, names or counts,
/// and A's viewer and client are refused (403) every write. The operator token stays Owner of everything.
/// </summary>
[Collection(ControlPlaneCollection.Name)]
public sealed partial class WorkspaceIsolationTests(ControlPlaneFixture fx)
{
    private const string Password = "A-long-enough-Pass-1";

    [Fact]
    public async Task No_operation_lets_a_role_or_another_workspace_cross_over()
    {
        using var op = fx.Operator();
        var a = await CreateWorkspaceAsync(op, OperatorApi.Unique("ws_a"));
        var b = await CreateWorkspaceAsync(op, OperatorApi.Unique("ws_b"));

        // A's records, made by the operator token working in A.
        using var inA = fx.Operator();
        inA.DefaultRequestHeaders.Add("X-Workspace-Id", a.ToString());
        var username = OperatorApi.Unique("acct_a");
        var accountId = await inA.CreateAccountAsync(username);
        var proxyHost = $"{OperatorApi.Unique("px")}.example".Replace('_', '-');
        var proxyId = await IdOfAsync(await inA.PostAsJsonAsync("/api/v1/proxies", new { scheme = "http", host = proxyHost, port = 3128 }));
        var categoryName = OperatorApi.Unique("cat_a");
        var categoryId = await IdOfAsync(await inA.PostAsJsonAsync("/api/v1/follow-categories", new { name = categoryName }));
        var taskName = OperatorApi.Unique("task_a");
        var taskId = (await inA.CreateTaskAsync(new { kind = "bulk_login", name = taskName, account_ids = new[] { accountId } })).GetProperty("id").GetInt32();
        string[] secretsOfA = [username, proxyHost, categoryName, taskName];

        // B's own account, so B's lists are not trivially empty.
        using var inB = fx.Operator();
        inB.DefaultRequestHeaders.Add("X-Workspace-Id", b.ToString());
        var usernameB = OperatorApi.Unique("acct_b");
        await inB.CreateAccountAsync(usernameB);

        var people = new Dictionary<string, HttpClient>();
        foreach (var (name, workspace, role) in new[] { ("admin", a, "Admin"), ("operator", a, "Operator"), ("viewer", a, "Viewer"), ("client", a, "Client"), ("b-owner", b, "Owner") })
        {
            people[name] = await MemberAsync(op, workspace, role);
        }

        // Their own workspace: a viewer reads A's account, a client too, but not its proxy.
        Assert.Equal(HttpStatusCode.OK, (await people["viewer"].GetAsync($"/api/v1/accounts/{accountId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await people["client"].GetAsync($"/api/v1/accounts/{accountId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await people["client"].GetAsync($"/api/v1/proxies/{proxyId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await people["b-owner"].GetAsync($"/api/v1/accounts/{accountId}")).StatusCode);

        var document = await op.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var ids = new Dictionary<string, string>
        {
            ["accounts"] = accountId.ToString(), ["proxies"] = proxyId.ToString(), ["tasks"] = taskId.ToString(),
            ["follow-categories"] = categoryId.ToString(), ["media"] = "1", ["workspaces"] = a.ToString(),
        };
        var walked = 0;
        var failures = new List<string>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var method = operation.Name.ToUpperInvariant();
                if (method is "PARAMETERS")
                {
                    continue;
                }

                if (path.Name == "/account/logout")
                {
                    // Signing out would turn the rest of the walk into anonymous calls.
                    continue;
                }

                var url = Fill(path.Name, ids, accountId, proxyId);
                var write = method is not ("GET" or "HEAD");
                foreach (var (who, client) in people)
                {
                    if (write && who is "admin" or "operator")
                    {
                        // Their writes are allowed (the walk would delete A's records); they read everything.
                        continue;
                    }

                    using var response = await SendAsync(client, method, url);
                    var body = await response.Content.ReadAsStringAsync();
                    walked++;
                    if (!write && (int)response.StatusCode >= 500)
                    {
                        failures.Add($"{who} {method} {url}: {(int)response.StatusCode}");
                    }

                    if (who == "b-owner")
                    {
                        var status = (int)response.StatusCode;
                        if (!url.Contains('{', StringComparison.Ordinal) && IdsOfA(url, ids) && status is >= 200 and < 300)
                        {
                            failures.Add($"{who} {method} {url}: {status} on workspace A's id");
                        }

                        if (secretsOfA.FirstOrDefault(s => body.Contains(s, StringComparison.Ordinal)) is { } leaked)
                        {
                            failures.Add($"{who} {method} {url}: the answer holds A's {leaked}");
                        }

                        if (method == "GET" && IdsOfA(url, ids) && status is not (403 or 404 or 401))
                        {
                            failures.Add($"{who} {method} {url}: {status}, expected 403/404");
                        }
                    }
                    else if (who is "viewer" or "client" && write && url.StartsWith("/api/v1/", StringComparison.Ordinal)
                        && !url.StartsWith("/api/v1/workspaces/invitations/accept", StringComparison.Ordinal)
                        && !url.EndsWith("/select", StringComparison.Ordinal)
                        && response.StatusCode != HttpStatusCode.Forbidden)
                    {
                        failures.Add($"{who} {method} {url}: {(int)response.StatusCode}, expected 403");
                    }
                }
            }
        }

        // The console's export is not in the document: it is scoped the same way.
        Assert.Equal(HttpStatusCode.NotFound, (await people["b-owner"].GetAsync($"/tasks/{taskId}/items.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await people["client"].GetAsync($"/tasks/{taskId}/items.csv")).StatusCode);

        // Everyone was still signed in at the end, so every answer above was given to them, not to an anonymous caller.
        foreach (var (who, client) in people)
        {
            Assert.True((await client.GetAsync("/api/v1/workspaces")).StatusCode == HttpStatusCode.OK, $"{who} was signed out by the walk");
        }

        Assert.True(walked > 100, $"only {walked} calls walked");
        Assert.True(failures.Count == 0, string.Join('\n', failures));

        // Nothing of A was changed by the walk: the account, proxy, category and task are still there, unchanged.
        var account = await inA.GetFromJsonAsync<JsonElement>($"/api/v1/accounts/{accountId}");
        Assert.Equal(username, account.GetProperty("username").GetString());
        Assert.Equal(HttpStatusCode.OK, (await inA.GetAsync($"/api/v1/proxies/{proxyId}")).StatusCode);
        var task = await inA.GetFromJsonAsync<JsonElement>($"/api/v1/tasks/{taskId}");
        Assert.Equal("pending", task.GetProperty("status").GetString());

        // B's lists count B's records only.
        var bAccounts = await people["b-owner"].GetFromJsonAsync<JsonElement>("/api/v1/accounts");
        Assert.Equal(1, bAccounts.GetProperty("total").GetInt32());
        Assert.Equal(usernameB, bAccounts.GetProperty("items")[0].GetProperty("username").GetString());
    }

    private static bool IdsOfA(string url, Dictionary<string, string> ids) =>
        ids.Any(kv => kv.Key != "media" && url.Contains($"/{kv.Key}/{kv.Value}", StringComparison.Ordinal));

    private static string Fill(string template, Dictionary<string, string> ids, int accountId, int proxyId)
    {
        var url = template;
        foreach (var (segment, id) in ids)
        {
            url = url.Replace($"/{segment}/{{id}}", $"/{segment}/{id}", StringComparison.Ordinal);
        }

        return url.Replace("{proxyId}", proxyId.ToString(), StringComparison.Ordinal)
            .Replace("{mediaId}", "1", StringComparison.Ordinal)
            .Replace("{task_id}", ids["tasks"], StringComparison.Ordinal)
            .Replace("{accountId}", accountId.ToString(), StringComparison.Ordinal)
            .Replace("{userId}", "nobody", StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string url)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), Regex.Replace(url, "\\{[^}]+\\}", "1"));
        if (method is not ("GET" or "HEAD" or "DELETE"))
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        return client.SendAsync(request);
    }

    private static async Task<int> CreateWorkspaceAsync(HttpClient op, string name) =>
        await IdOfAsync(await op.PostAsJsonAsync("/api/v1/workspaces", new { name }));

    private static async Task<int> IdOfAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
            return JsonDocument.Parse(body).RootElement.GetProperty("id").GetInt32();
        }
    }

    /// <summary>Invites a person with the role, accepts the link and signs them in: a client holding their session.</summary>
    private async Task<HttpClient> MemberAsync(HttpClient op, int workspace, string role)
    {
        var email = $"{OperatorApi.Unique(role.ToLowerInvariant())}@agency.test";
        using var invited = await op.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/invitations", new { email, role });
        var invitation = await invited.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(invited.IsSuccessStatusCode, invitation.ToString());
        using var anonymous = fx.Anonymous();
        using var accepted = await anonymous.PostAsJsonAsync("/api/v1/workspaces/invitations/accept", new { token = invitation.GetProperty("token").GetString(), password = Password });
        Assert.True(accepted.IsSuccessStatusCode, await accepted.Content.ReadAsStringAsync());
        using var again = await anonymous.PostAsJsonAsync("/api/v1/workspaces/invitations/accept", new { token = invitation.GetProperty("token").GetString(), password = Password });
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);

        var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        var client = new HttpClient(handler) { BaseAddress = fx.Anonymous().BaseAddress };
        var html = await client.GetStringAsync("/account/login");
        var token = AntiforgeryToken().Match(html).Groups[1].Value;
        using var signIn = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login", ["__RequestVerificationToken"] = token, ["Input.Email"] = email, ["Input.Password"] = Password,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
