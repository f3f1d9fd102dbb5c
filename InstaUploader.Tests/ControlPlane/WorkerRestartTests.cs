using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InstaUploader.Tests.Infrastructure;

namespace InstaUploader.Tests.ControlPlane;

/// <summary>An operator's restart request (the API and the console's button share WorkerRestarts) reaches the worker in its next heartbeat answer.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class WorkerRestartTests(ControlPlaneFixture fx)
{
    [Fact]
    public async Task A_requested_restart_is_answered_in_the_next_heartbeat_and_an_unknown_worker_is_404()
    {
        var workerId = $"restart-{Guid.NewGuid():n}";
        using var worker = fx.Worker(workerId);
        using var op = fx.Operator();
        (await worker.PostAsJsonAsync("/api/workers/register", new { worker_id = workerId, base_url = "http://127.0.0.1:9", capacity = 1 })).EnsureSuccessStatusCode();

        using var requested = await op.PostAsync($"/api/workers/{workerId}/restart", null);
        Assert.Equal(HttpStatusCode.Accepted, requested.StatusCode);
        var body = await requested.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((workerId, true), (body.GetProperty("worker_id").GetString(), body.GetProperty("restart_requested").GetBoolean()));

        using var beat = await worker.PostAsJsonAsync("/api/workers/heartbeat", new { worker_id = workerId, active_jobs = 0 });
        Assert.True((await beat.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("restart_requested").GetBoolean());

        using var unknown = await op.PostAsync($"/api/workers/{workerId}-gone/restart", null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
