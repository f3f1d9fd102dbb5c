using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InstaUploader.Tests.Infrastructure;

namespace InstaUploader.Tests.ControlPlane;

/// <summary>
/// Issue 24: a replica killed with items in hand comes back under the same name within seconds; its new process
/// registers with <c>fresh_start</c>, and the dead one's items are claimable at once instead of after their leases.
/// </summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class RestartRescueTests(ControlPlaneFixture fx)
{
    [Fact]
    public async Task A_fresh_registration_hands_the_dead_incarnations_items_back_at_once_and_the_old_one_is_refused()
    {
        using var op = fx.Operator();
        var taskId = await StartedLoginTaskAsync(op, accounts: 2);
        var name = OperatorApi.Unique("replica");
        using var before = fx.Worker(name);
        using var survivor = fx.Worker(OperatorApi.Unique("survivor"));
        var held = await ClaimManyAsync(before, taskId, limit: 2, leaseSeconds: 300);
        Assert.Equal(2, held.Length);

        var clock = Stopwatch.StartNew();
        using var after = fx.Worker(name);
        using var register = await RegisterAsync(after, name, freshStart: true);
        Assert.Equal(HttpStatusCode.OK, register.StatusCode);

        var reclaimed = await ClaimManyAsync(survivor, taskId, limit: 2, leaseSeconds: 300);
        Assert.Equal(held.Order(), reclaimed.Order());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"items came back after {clock.Elapsed}, not at the registration");

        // The old process, were it only paused, finds its items gone: its renewals are lost, its finish refused.
        using var renew = await before.PostAsJsonAsync("/api/queries/leases/", new { ids = held, lease_seconds = 120 });
        var renewal = await renew.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Empty(renewal.GetProperty("renewed").EnumerateArray());
        Assert.Equal(held.Order(), renewal.GetProperty("lost").EnumerateArray().Select(e => e.GetInt64()).Order());
        using var finish = await before.PatchAsJsonAsync($"/api/queries/{held[0]}/", new { status = "done" });
        Assert.Equal(HttpStatusCode.Conflict, finish.StatusCode);
    }

    [Fact]
    public async Task A_registration_without_fresh_start_leaves_the_names_items_leased()
    {
        using var op = fx.Operator();
        var taskId = await StartedLoginTaskAsync(op, accounts: 1);
        var name = OperatorApi.Unique("replica");
        using var worker = fx.Worker(name);
        using var other = fx.Worker(OperatorApi.Unique("other"));
        Assert.Single(await ClaimManyAsync(worker, taskId, limit: 1, leaseSeconds: 300));

        // A re-registration (the Web forgot the worker) or the original worker's, which knows nothing of fresh_start.
        using var register = await RegisterAsync(worker, name, freshStart: null);
        Assert.Equal(HttpStatusCode.OK, register.StatusCode);

        Assert.Empty(await ClaimManyAsync(other, taskId, limit: 1, leaseSeconds: 300));
    }

    private static Task<HttpResponseMessage> RegisterAsync(HttpClient worker, string name, bool? freshStart) =>
        worker.PostAsJsonAsync("/api/workers/register", new Dictionary<string, object?>
        {
            ["worker_id"] = name,
            ["base_url"] = "http://127.0.0.1:9",
            ["nudge_token"] = Guid.NewGuid().ToString("N"),
            ["capacity"] = 2,
            ["fresh_start"] = freshStart,
        });

    private static async Task<int> StartedLoginTaskAsync(HttpClient op, int accounts)
    {
        var ids = await op.ImportAccountsAsync([.. Enumerable.Range(0, accounts).Select(_ => OperatorApi.Unique("cp"))]);
        return (await op.CreateTaskAsync(new { kind = "bulk_login", account_ids = ids, start = true })).GetProperty("id").GetInt32();
    }

    private static async Task<long[]> ClaimManyAsync(HttpClient worker, int taskId, int limit, int leaseSeconds)
    {
        using var response = await worker.PostAsync($"/api/queries/claim_next/?task_id={taskId}&limit={limit}&lease_seconds={leaseSeconds}", null);
        await OperatorApi.EnsureAsync(response);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return [.. body.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetInt64())];
    }
}
