using System.Text.Json;
using InstaUploader.Contracts;
using InstaUploader.Contracts.Control;
using InstaUploader.Contracts.Queue;

namespace InstaUploader.Tests.Compat;

/// <summary>The Contracts library's route builders and kind tables give the paths both services used to build themselves.</summary>
public sealed class ProtocolContractsTests
{
    [Theory]
    [InlineData(TaskKinds.BulkUpload, "/api/bulk-accounts/42/counters", "/api/bulk-tasks/7/status", "/api/bulk-tasks/7/aggregate")]
    [InlineData(TaskKinds.Warmup, "/api/warmup/accounts/42/counters", "/api/warmup/7/status", "/api/warmup/7/aggregate")]
    [InlineData(TaskKinds.ProxyDiag, "/api/proxy_diag/accounts/42/counters", "/api/proxy_diag/7/status", "/api/proxy_diag/7/aggregate")]
    public void Worker_routes_of_a_kind(string kind, string counters, string taskStatus, string aggregate)
    {
        Assert.Equal(counters, WorkerRoutes.Counters(kind, "42"));
        Assert.Equal(taskStatus, WorkerRoutes.TaskStatus(kind, 7));
        Assert.Equal(aggregate, WorkerRoutes.Aggregate(kind, 7));
    }

    [Theory]
    [InlineData(TaskKinds.BulkLogin, "/api/v1/bulk-login/start?task_id=5&batch_index=1&batch_count=3")]
    [InlineData(TaskKinds.ProxyDiag, "/api/v1/proxy-diagnostics/start?task_id=5&batch_index=1&batch_count=3")]
    [InlineData(TaskKinds.MediaUniq, "/api/v1/media-uniq/start?task_id=5&batch_index=1&batch_count=3")]
    [InlineData(TaskKinds.CookieRobot, "/api/v1/cookie-robot/start?task_id=5&batch_index=1&batch_count=3")]
    [InlineData(TaskKinds.Follow, "/api/v1/follow/start?task_id=5&batch_index=1&batch_count=3")]
    public void Start_calls_use_the_original_workers_segments(string kind, string path) =>
        Assert.Equal(path, ControlRoutes.Start(kind, 5, 1, 3));

    [Fact]
    public void Every_kind_but_bulk_upload_is_started_with_a_task_id_and_maps_back_to_its_kind()
    {
        var started = StartPaths.QueryStarted.ToList();

        Assert.Equal(TaskKinds.All.Where(k => k != TaskKinds.BulkUpload).Order(), started.Select(s => s.Kind).Order());
        Assert.All(started, s => Assert.Equal(s.Segment, StartPaths.Segment(s.Kind)));
        Assert.Equal("bulk-tasks", StartPaths.Segment(TaskKinds.BulkUpload));
        Assert.Equal(ControlRoutes.BulkStart, $"{ControlRoutes.Prefix}{ControlRoutes.StartTemplate(StartPaths.Segment(TaskKinds.BulkUpload))}");
    }

    [Fact]
    public void A_batch_completion_writes_each_answer_in_its_own_shape()
    {
        var json = JsonSerializer.Serialize(new CompleteBatchAnswer(
        [
            new CompletionAccepted(1, ItemStatuses.Queued, 2, null, null),
            new CompletionRefused(2, CompletionRefused.Conflict),
        ]), ProtocolJson.Options);

        Assert.Equal(
            """{"items":[{"id":1,"ok":true,"status":"queued","attempts":2,"query_finished":null,"run_after":null},{"id":2,"ok":false,"error":"conflict"}]}""",
            json);
        var read = JsonSerializer.Deserialize<CompleteBatchResult>(json, ProtocolJson.Options)!;
        Assert.Equal([true, false], read.Items.Select(i => i.Ok));
    }

    [Fact]
    public void A_bulk_start_body_has_the_original_names()
    {
        var json = JsonSerializer.Serialize(new BulkStartRequest(BulkStartRequest.PullMode, 9, new StartOptions(4, true, false, 0, 2, null)), ProtocolJson.Options);

        Assert.Equal(
            """{"mode":"pull","task_id":9,"options":{"concurrency":4,"headless":true,"visible":false,"batch_index":0,"batch_count":2,"upload_method":null}}""",
            json);
    }
}
