using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using InstaUploader.Tests.Infrastructure;
using InstaUploader.Tests.Security;
using InstaUploader.Web.Features.Security;
using InstaUploader.Web.Features.Workspaces;
using Microsoft.Extensions.DependencyInjection;

namespace InstaUploader.Tests.Workspaces;

/// <summary>
/// What issue 25 left open, over HTTP: names are unique per workspace (B may hold the same Instagram account and proxy as
/// A, and learns nothing of A's), pacing counts and the audit trail stay in their workspace, a secret is revealed only
/// to an operator of its workspace and the reveal is audited, and "require two-factor" holds at every request.
/// </summary>
public sealed partial class WorkspaceIsolationTests
{
    [Fact]
    public async Task Names_pacing_reveals_and_the_audit_trail_stay_in_their_workspace()
    {
        using var op = fx.Operator();
        var a = await CreateWorkspaceAsync(op, OperatorApi.Unique("ws_a"));
        var b = await CreateWorkspaceAsync(op, OperatorApi.Unique("ws_b"));
        using var inA = fx.Operator();
        inA.DefaultRequestHeaders.Add("X-Workspace-Id", a.ToString());
        var username = OperatorApi.Unique("shared_ig");
        var accountA = await inA.CreateAccountAsync(username, password: "a-secret-password-1");
        var proxyHost = $"{OperatorApi.Unique("px")}.example".Replace('_', '-');
        var proxyA = await IdOfAsync(await inA.PostAsJsonAsync("/api/v1/proxies", new { scheme = "http", host = proxyHost, port = 3128, username = "u", password = "proxy-pass-a" }));
        var bOwner = await MemberAsync(op, b, "Owner");
        var aOperator = await MemberAsync(op, a, "Operator");
        var aViewer = await MemberAsync(op, a, "Viewer");
        var aAdmin = await MemberAsync(op, a, "Admin");

        // The same Instagram account and proxy in B: created, not a 409 that would tell B that A has them.
        using (var again = await bOwner.PostAsJsonAsync("/api/v1/accounts", new { username, password = "b-password-1" }))
        {
            Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        }

        using (var againProxy = await bOwner.PostAsJsonAsync("/api/v1/proxies", new { scheme = "http", host = proxyHost, port = 3128, username = "u", password = "proxy-pass-b" }))
        {
            Assert.Equal(HttpStatusCode.Created, againProxy.StatusCode);
        }

        // Still unique inside a workspace.
        using (var twice = await bOwner.PostAsJsonAsync("/api/v1/accounts", new { username, password = "b-password-1" }))
        {
            Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        }

        // Pacing: A's account's pacing is a 404 to B.
        Assert.Equal(HttpStatusCode.NotFound, (await bOwner.GetAsync($"/api/v1/accounts/{accountA}/pacing")).StatusCode);

        // Reveals: an operator of A sees the secret; a viewer of A is refused; B does not find the records.
        var revealed = await aOperator.PostAsJsonAsync($"/api/v1/accounts/{accountA}/secrets/reveal", new { field = "password" });
        Assert.Equal(HttpStatusCode.OK, revealed.StatusCode);
        Assert.Equal("a-secret-password-1", (await revealed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("value").GetString());
        var proxyRevealed = await aOperator.PostAsync($"/api/v1/proxies/{proxyA}/password/reveal", null);
        Assert.Equal("proxy-pass-a", (await proxyRevealed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("value").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await aViewer.PostAsJsonAsync($"/api/v1/accounts/{accountA}/secrets/reveal", new { field = "password" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bOwner.PostAsJsonAsync($"/api/v1/accounts/{accountA}/secrets/reveal", new { field = "password" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bOwner.PostAsync($"/api/v1/proxies/{proxyA}/password/reveal", null)).StatusCode);
        var invalid = await aOperator.PostAsJsonAsync($"/api/v1/accounts/{accountA}/secrets/reveal", new { field = "cookies" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("field", await invalid.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A proxy bulk action is audited too.
        using (var bulk = await aOperator.PostAsJsonAsync("/api/v1/proxies/bulk", new { action = "delete_dead", ids = new[] { proxyA } }))
        {
            Assert.Equal(HttpStatusCode.OK, bulk.StatusCode);
        }

        // The audit trail: A's admin reads A's reveals and bulk action (never the secret); B's owner reads none of A's entries.
        var auditA = await aAdmin.GetStringAsync($"/admin/audit.csv?workspace_id={a}");
        Assert.Contains($"secret_revealed,account,{accountA},{a}", auditA, StringComparison.Ordinal);
        Assert.Contains($"secret_revealed,proxy,{proxyA},{a}", auditA, StringComparison.Ordinal);
        Assert.Contains("bulk_action,proxy", auditA, StringComparison.Ordinal);
        Assert.DoesNotContain("a-secret-password-1", auditA, StringComparison.Ordinal);
        Assert.DoesNotContain("proxy-pass-a", auditA, StringComparison.Ordinal);
        var auditB = await bOwner.GetStringAsync("/admin/audit.csv");
        Assert.DoesNotContain($",{a},", auditB, StringComparison.Ordinal);
        Assert.DoesNotContain(proxyHost, auditB, StringComparison.Ordinal);

        // A viewer manages nothing, so reads no trail at all.
        using var viewerAudit = await aViewer.GetAsync("/admin/audit.csv");
        Assert.True(viewerAudit.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect, $"{(int)viewerAudit.StatusCode}");
    }

    [Fact]
    public async Task A_workspace_that_requires_two_factor_stops_a_member_without_it_at_the_next_request_and_their_tokens_too()
    {
        using var op = fx.Operator();
        var w = await CreateWorkspaceAsync(op, OperatorApi.Unique("ws_2fa"));
        var member = await MemberAsync(op, w, "Operator");
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync("/api/v1/accounts")).StatusCode);
        var userId = (await op.GetFromJsonAsync<JsonElement>($"/api/v1/workspaces/{w}/members")).EnumerateArray()
            .Single(m => m.GetProperty("role").GetString() == "Operator").GetProperty("user_id").GetString()!;
        await using var services = await SecurityHarness.ServicesAsync(fx);
        string secret;
        await using (var scope = services.CreateAsyncScope())
        {
            var (created, errors) = await scope.ServiceProvider.GetRequiredService<ApiTokens>()
                .CreateAsync(userId, new ApiTokens.NewToken("ci", w, nameof(WorkspaceRole.Operator), false, 7), default);
            Assert.Null(errors);
            secret = created!.Secret;
        }

        using var token = fx.Anonymous();
        token.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        Assert.Equal(HttpStatusCode.OK, (await token.GetAsync("/api/v1/accounts")).StatusCode);

        using (var required = await op.PutAsJsonAsync($"/api/v1/workspaces/{w}/two-factor", new { required = true }))
        {
            Assert.Equal(HttpStatusCode.NoContent, required.StatusCode);
        }

        // The very next request: the API refuses, a page sends them to set it up, which they may reach.
        using var api = await member.GetAsync("/api/v1/accounts");
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        Assert.Contains("two-factor", await api.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        using var page = new HttpRequestMessage(HttpMethod.Get, "/accounts");
        page.Headers.Accept.ParseAdd("text/html");
        using var sent = await member.SendAsync(page);
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.StartsWith(SignInAudit.EnrolPath, sent.Headers.Location!.OriginalString.TrimStart('.'), StringComparison.Ordinal);
        using var enrol = new HttpRequestMessage(HttpMethod.Get, SignInAudit.EnrolPath);
        enrol.Headers.Accept.ParseAdd("text/html");
        Assert.Equal(HttpStatusCode.OK, (await member.SendAsync(enrol)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await token.GetAsync("/api/v1/accounts")).StatusCode);

        // Lifted again, both work again; the change is on the workspace's trail.
        using (var lifted = await op.PutAsJsonAsync($"/api/v1/workspaces/{w}/two-factor", new { required = false }))
        {
            Assert.Equal(HttpStatusCode.NoContent, lifted.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync("/api/v1/accounts")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await token.GetAsync("/api/v1/accounts")).StatusCode);
    }
}
