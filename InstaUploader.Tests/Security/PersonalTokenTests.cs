using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using InstaUploader.Tests.Infrastructure;
using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Security;
using InstaUploader.Web.Features.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InstaUploader.Tests.Security;

/// <summary>
/// Personal API tokens on the operator API: the secret is shown once and only its hash is kept; a token acts with its
/// workspace and role, a read-only one may only read, a revoked or expired one is refused 401, and its last use is
/// written at most once a minute. Creation, revocation and what a token does are in the audit trail under its name.
/// </summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class PersonalTokenTests(ControlPlaneFixture fx)
{
    [Fact]
    public async Task A_token_is_stored_hashed_acts_on_the_operator_api_and_is_audited_under_its_name()
    {
        await using var services = await SecurityHarness.ServicesAsync(fx);
        var owner = await SecurityHarness.CreateUserAsync(services, "Owner-Password-1");
        var created = await CreateAsync(services, owner.Id, new ApiTokens.NewToken("ci deploy", Workspace.DefaultId, nameof(WorkspaceRole.Operator), false, 30));

        Assert.StartsWith(ApiTokens.Prefix, created.Secret);
        Assert.True(created.Secret.Length >= ApiTokens.Prefix.Length + 40, "too little entropy");
        await using (var db = SecurityHarness.Db(services))
        {
            var stored = await db.ApiTokens.AsNoTracking().SingleAsync(t => t.Id == created.Token.Id);
            Assert.Equal(ApiTokens.HashOf(created.Secret), stored.Hash);
            Assert.DoesNotContain(created.Secret[ApiTokens.Prefix.Length..], JsonSerializer.Serialize(stored));
            Assert.Null(stored.LastUsedAt);
            // Shown once: the list the page shows has the hint, never the secret.
            var listed = await services.CreateScope().ServiceProvider.GetRequiredService<ApiTokens>().ListAsync(owner.Id, default);
            Assert.DoesNotContain(created.Secret, JsonSerializer.Serialize(listed));
        }

        using var api = Client(created.Secret);
        using (var list = await api.GetAsync("/api/v1/tasks"))
        {
            Assert.True(list.StatusCode == HttpStatusCode.OK, $"{list.StatusCode}: {await list.Content.ReadAsStringAsync()}");
        }

        var accountId = await fx.Operator().CreateAccountAsync(OperatorApi.Unique("pat"));
        var task = await api.CreateTaskAsync(new { kind = "bulk_login", account_ids = new[] { accountId }, start = false });
        var taskId = task.GetProperty("id").GetInt32().ToString();

        await using var check = SecurityHarness.Db(services);
        var entries = await check.AuditEntries.AsNoTracking()
            .Where(e => (e.RecordType == "api_token" && e.RecordId == created.Token.Id.ToString()) || (e.RecordType == "task" && e.RecordId == taskId))
            .ToListAsync();
        var tokenCreated = Assert.Single(entries, e => e.Action == AuditActions.TokenCreated);
        Assert.DoesNotContain(created.Secret, tokenCreated.Details ?? "");
        var taskCreated = Assert.Single(entries, e => e.Action == AuditActions.TaskCreated);
        Assert.Equal("token ci deploy", taskCreated.Actor);
        Assert.Equal(owner.Id, taskCreated.UserId);
        Assert.Equal(Workspace.DefaultId, taskCreated.WorkspaceId);
        Assert.NotNull(taskCreated.Ip);
    }

    [Fact]
    public async Task A_read_only_token_reads_but_any_write_is_403_problem()
    {
        await using var services = await SecurityHarness.ServicesAsync(fx);
        var owner = await SecurityHarness.CreateUserAsync(services, "Owner-Password-1");
        var created = await CreateAsync(services, owner.Id, new ApiTokens.NewToken("dashboard", Workspace.DefaultId, nameof(WorkspaceRole.Operator), true, 7));
        using var api = Client(created.Secret);

        using var read = await api.GetAsync("/api/v1/accounts");
        Assert.True(read.StatusCode == HttpStatusCode.OK, $"{read.StatusCode}: {await read.Content.ReadAsStringAsync()}");
        using var write = await api.PostAsJsonAsync("/api/v1/accounts", new { username = OperatorApi.Unique("ro"), password = "pw-123456" });
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Equal("application/problem+json", write.Content.Headers.ContentType?.MediaType);
        Assert.Contains("read-only", await write.Content.ReadAsStringAsync());

        // A Viewer token is read-only whatever the box said.
        var viewer = await CreateAsync(services, owner.Id, new ApiTokens.NewToken("viewer", Workspace.DefaultId, nameof(WorkspaceRole.Viewer), false, 7));
        Assert.True(viewer.Token.ReadOnly);
    }

    [Fact]
    public async Task Revoked_expired_and_unknown_tokens_are_401_problems_saying_why()
    {
        await using var services = await SecurityHarness.ServicesAsync(fx);
        var owner = await SecurityHarness.CreateUserAsync(services, "Owner-Password-1");
        var revoked = await CreateAsync(services, owner.Id, new ApiTokens.NewToken("old laptop", Workspace.DefaultId, nameof(WorkspaceRole.Admin), false, 30));
        var expired = await CreateAsync(services, owner.Id, new ApiTokens.NewToken("short", Workspace.DefaultId, nameof(WorkspaceRole.Admin), false, 1));

        using (var before = await Client(revoked.Secret).GetAsync("/api/v1/tasks"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await using (var scope = services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<ApiTokens>().RevokeAsync(owner.Id, revoked.Token.Id, default));
            Assert.False(await scope.ServiceProvider.GetRequiredService<ApiTokens>().RevokeAsync("someone-else", expired.Token.Id, default));
        }

        await using (var db = SecurityHarness.Db(services))
        {
            await db.ApiTokens.Where(t => t.Id == expired.Token.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1)));
            Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == AuditActions.TokenRevoked && e.RecordId == revoked.Token.Id.ToString()));
        }

        foreach (var (secret, why) in new[] { (revoked.Secret, "revoked"), (expired.Secret, "expired"), (ApiTokens.Prefix + "not-a-real-token", "Unknown") })
        {
            using var refused = await Client(secret).GetAsync("/api/v1/tasks");
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Contains(why, await refused.Content.ReadAsStringAsync());
        }

        // The shared legacy operator token keeps working beside them.
        using var legacy = await fx.Operator().GetAsync("/api/v1/tasks");
        Assert.Equal(HttpStatusCode.OK, legacy.StatusCode);
    }

    [Fact]
    public async Task Last_use_is_written_on_first_use_and_then_at_most_once_a_minute()
    {
        await using var services = await SecurityHarness.ServicesAsync(fx);
        var owner = await SecurityHarness.CreateUserAsync(services, "Owner-Password-1");
        var created = await CreateAsync(services, owner.Id, new ApiTokens.NewToken("poller", Workspace.DefaultId, nameof(WorkspaceRole.Operator), true, 7));
        using var api = Client(created.Secret);

        (await api.GetAsync("/api/v1/tasks")).Dispose();
        var first = await LastUsedAsync(services, created.Token.Id);
        Assert.NotNull(first);
        (await api.GetAsync("/api/v1/tasks")).Dispose();
        Assert.Equal(first, await LastUsedAsync(services, created.Token.Id));

        // A use older than the resolution is brought up to date by the next request.
        var stale = first!.Value - ApiTokens.LastUseResolution - TimeSpan.FromSeconds(5);
        await using (var db = SecurityHarness.Db(services))
        {
            await db.ApiTokens.Where(t => t.Id == created.Token.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, stale));
        }

        (await api.GetAsync("/api/v1/tasks")).Dispose();
        Assert.True(await LastUsedAsync(services, created.Token.Id) > stale);
    }

    [Fact]
    public async Task Bad_token_requests_are_field_errors()
    {
        await using var services = await SecurityHarness.ServicesAsync(fx);
        var owner = await SecurityHarness.CreateUserAsync(services, "Owner-Password-1");
        await using var scope = services.CreateAsyncScope();
        var (created, errors) = await scope.ServiceProvider.GetRequiredService<ApiTokens>()
            .CreateAsync(owner.Id, new ApiTokens.NewToken("", 0, "Superuser", false, 0), default);
        Assert.Null(created);
        Assert.Equal(["expires_in_days", "name", "role", "workspace_id"], errors!.Keys.Order());
    }

    [Fact]
    public async Task A_token_never_carries_more_than_its_creator_holds()
    {
        await using var services = await SecurityHarness.ServicesAsync(fx);
        var viewer = await SecurityHarness.CreateUserAsync(services, "Viewer-Password-1");
        await using (var db = SecurityHarness.Db(services))
        {
            await db.WorkspaceMembers.Where(m => m.UserId == viewer.Id).ExecuteUpdateAsync(u => u.SetProperty(m => m.Role, nameof(WorkspaceRole.Viewer)));
        }

        await using var scope = services.CreateAsyncScope();
        var tokens = scope.ServiceProvider.GetRequiredService<ApiTokens>();
        var (above, aboveErrors) = await tokens.CreateAsync(viewer.Id, new ApiTokens.NewToken("escalate", Workspace.DefaultId, nameof(WorkspaceRole.Operator), false, 7), default);
        Assert.Null(above);
        Assert.Equal(["role"], aboveErrors!.Keys);
        var (elsewhere, elsewhereErrors) = await tokens.CreateAsync(viewer.Id, new ApiTokens.NewToken("elsewhere", 999_999, nameof(WorkspaceRole.Viewer), false, 7), default);
        Assert.Null(elsewhere);
        Assert.Equal(["workspace_id"], elsewhereErrors!.Keys);
        var (own, _) = await tokens.CreateAsync(viewer.Id, new ApiTokens.NewToken("reader", Workspace.DefaultId, nameof(WorkspaceRole.Viewer), false, 7), default);
        Assert.True(own!.Token.ReadOnly);
    }

    private static async Task<ApiTokens.Created> CreateAsync(ServiceProvider services, string userId, ApiTokens.NewToken request)
    {
        await using var scope = services.CreateAsyncScope();
        var (created, errors) = await scope.ServiceProvider.GetRequiredService<ApiTokens>().CreateAsync(userId, request, default);
        Assert.Null(errors);
        return created!;
    }

    private static async Task<DateTimeOffset?> LastUsedAsync(ServiceProvider services, int id)
    {
        await using var db = SecurityHarness.Db(services);
        return await db.ApiTokens.AsNoTracking().Where(t => t.Id == id).Select(t => t.LastUsedAt).SingleAsync();
    }

    private HttpClient Client(string secret)
    {
        var client = fx.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return client;
    }
}
