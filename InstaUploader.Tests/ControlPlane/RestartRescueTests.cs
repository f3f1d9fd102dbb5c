using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using InstaUploader.Tests.Infrastructure;
using Npgsql;

namespace InstaUploader.Tests.ControlPlane;

/// <summary>
/// Issue 24: a replica killed with items in hand comes back under the same name within seconds; its new process
/// registers with <c>fresh_start</c>, and the dead one's items are claimable at once instead of after their leases.
/// A worker that dies with no successor (or freezes) is found by its silence: no heartbeat and no answer to a probe.
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

    [Fact]
    public async Task A_worker_gone_silent_that_does_not_answer_has_its_items_handed_back_and_its_late_finish_refused()
    {
        using var op = fx.Operator();
        var taskId = await StartedLoginTaskAsync(op, accounts: 2);
        var name = OperatorApi.Unique("silent");
        using var silent = fx.Worker(name);
        using var survivor = fx.Worker(OperatorApi.Unique("survivor"));
        using (var register = await RegisterAsync(silent, name, freshStart: true))
        {
            Assert.Equal(HttpStatusCode.OK, register.StatusCode);
        }

        var held = await ClaimManyAsync(silent, taskId, limit: 2, leaseSeconds: 300);
        Assert.Equal(2, held.Length);
        await FallSilentAsync(name);

        // Nothing listens at its address (port 9): the next rescue pass hands its items back, well before the lease.
        var reclaimed = new List<long>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (reclaimed.Count < 2)
        {
            Assert.True(DateTime.UtcNow < deadline, $"The silent worker's items never came back (claimed again: {string.Join(", ", reclaimed)})");
            reclaimed.AddRange(await ClaimManyAsync(survivor, taskId, limit: 2, leaseSeconds: 300));
            await Task.Delay(200);
        }

        Assert.Equal(held.Order(), reclaimed.Order());

        using var renew = await silent.PostAsJsonAsync("/api/queries/leases/", new { ids = held, lease_seconds = 120 });
        var renewal = await renew.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(held.Order(), renewal.GetProperty("lost").EnumerateArray().Select(e => e.GetInt64()).Order());
        using var finish = await silent.PatchAsJsonAsync($"/api/queries/{held[0]}/", new { status = "done" });
        Assert.Equal(HttpStatusCode.Conflict, finish.StatusCode);
    }

    [Fact]
    public async Task A_worker_gone_silent_that_still_answers_its_health_probe_keeps_its_items()
    {
        using var op = fx.Operator();
        var taskId = await StartedLoginTaskAsync(op, accounts: 1);
        var name = OperatorApi.Unique("quiet");
        using var quiet = fx.Worker(name);
        using var other = fx.Worker(OperatorApi.Unique("other"));
        using var health = new HealthResponder();
        using (var register = await RegisterAsync(quiet, name, freshStart: true, health.BaseUrl))
        {
            Assert.Equal(HttpStatusCode.OK, register.StatusCode);
        }

        var held = Assert.Single(await ClaimManyAsync(quiet, taskId, limit: 1, leaseSeconds: 300));
        await FallSilentAsync(name);

        // Its heartbeats stopped landing (as in a Web or database outage), but the process answers: it is alive.
        // A second probe means the pass that sent the first one has decided.
        await Eventually.TrueAsync(() => health.Probes >= 2, "the Web probed the silent worker twice", seconds: 30);
        Assert.Empty(await ClaimManyAsync(other, taskId, limit: 1, leaseSeconds: 300));
        using var renew = await quiet.PostAsJsonAsync("/api/queries/leases/", new { ids = new[] { held }, lease_seconds = 120 });
        var renewal = await renew.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal([held], renewal.GetProperty("renewed").EnumerateArray().Select(e => e.GetProperty("id").GetInt64()));
    }

    /// <summary>As if the worker's last heartbeat landed a minute ago.</summary>
    private async Task FallSilentAsync(string name)
    {
        await using var db = new NpgsqlConnection(await fx.ConnectionStringAsync());
        await db.OpenAsync();
        await using var backdate = new NpgsqlCommand("UPDATE workers SET last_heartbeat_at = now() - interval '1 minute' WHERE id = @id", db);
        backdate.Parameters.AddWithValue("id", name);
        Assert.Equal(1, await backdate.ExecuteNonQueryAsync());
    }

    /// <summary>A process that answers every request with 200 and counts them: a live worker's health route.</summary>
    private sealed class HealthResponder : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private int _probes;

        public HealthResponder()
        {
            _listener.Start();
            _ = Task.Run(ServeAsync);
        }

        public string BaseUrl => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

        public int Probes => Volatile.Read(ref _probes);

        private async Task ServeAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    await using var stream = client.GetStream();
                    var buffer = new byte[4096];
                    _ = await stream.ReadAsync(buffer, _stop.Token);
                    Interlocked.Increment(ref _probes);
                    await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"), _stop.Token);
                }
                catch (Exception) when (_stop.IsCancellationRequested)
                {
                    return;
                }
                catch (IOException)
                {
                    // The prober went away; serve the next one.
                }
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            _stop.Dispose();
        }
    }

    private static Task<HttpResponseMessage> RegisterAsync(HttpClient worker, string name, bool? freshStart, string baseUrl = "http://127.0.0.1:9") =>
        worker.PostAsJsonAsync("/api/workers/register", new Dictionary<string, object?>
        {
            ["worker_id"] = name,
            ["base_url"] = baseUrl,
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
