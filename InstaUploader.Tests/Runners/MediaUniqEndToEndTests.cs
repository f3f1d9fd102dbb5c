using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using InstaUploader.Tests.Infrastructure;

namespace InstaUploader.Tests.Runners;

/// <summary>
/// media_uniq through the whole topology: the operator uploads a video and asks for copies; workers download it,
/// make the copies with ffmpeg and upload them to the library linked to their source.
/// </summary>
[Collection(TopologyCollection.Name)]
public sealed class MediaUniqEndToEndTests(TopologyFixture fx) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("uniq-e2e-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_media_uniq_task_adds_three_distinct_copies_of_the_source_to_the_library()
    {
        using var op = fx.OperatorClient();
        var source = await op.UploadMediaAsync(OperatorApi.MakeVideo(_dir, seconds: 2), "video/mp4");
        var sourceId = source.GetProperty("id").GetInt32();
        var sourceSha = source.GetProperty("sha256").GetString();

        var task = await op.CreateTaskAsync(new { kind = "media_uniq", name = OperatorApi.Unique("uniq"), media_ids = new[] { sourceId }, options = new { copies = 3 }, start = true });
        var finished = await op.WaitForTaskAsync(task.GetProperty("id").GetInt32(), TimeSpan.FromSeconds(120));

        Assert.Equal("completed", finished.GetProperty("status").GetString());
        var items = finished.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(3, items.Count);
        Assert.All(items, i => Assert.Equal("done", i.GetProperty("status").GetString()));
        var results = items.Select(i => JsonDocument.Parse(i.GetProperty("result").GetString()!).RootElement).ToList();
        Assert.All(results, r => Assert.Equal(sourceId, r.GetProperty("source_media_id").GetInt32()));
        Assert.Equal([0, 1, 2], results.Select(r => r.GetProperty("copy_index").GetInt32()).Order());

        var copies = await CopiesOfAsync(op, sourceId);
        Assert.Equal(3, copies.Count);
        Assert.Equal(results.Select(r => r.GetProperty("media_id").GetInt32()).Order(), copies.Select(c => c.GetProperty("id").GetInt32()).Order());
        var hashes = copies.Select(c => c.GetProperty("sha256").GetString()).ToList();
        Assert.Equal(3, hashes.Distinct().Count());
        Assert.DoesNotContain(sourceSha, hashes);
        Assert.All(copies, c =>
        {
            Assert.Equal("video", c.GetProperty("kind").GetString());
            Assert.InRange(c.GetProperty("duration_seconds").GetDouble(), 1.8, 2.2);
            Assert.EndsWith(".mp4", c.GetProperty("file_name").GetString(), StringComparison.Ordinal);
        });
        Assert.Equal(hashes.Order(), results.Select(r => r.GetProperty("sha256").GetString()).Order());
    }

    [Fact]
    public async Task The_seed_002_uniquify_shortcut_starts_the_task_and_reports_its_results()
    {
        using var op = fx.OperatorClient();
        var source = await op.UploadMediaAsync(OperatorApi.MakeVideo(_dir), "video/mp4");
        var sourceId = source.GetProperty("id").GetInt32();

        using var started = await op.PostAsJsonAsync("/api/media/uniquify/start", new { media_ids = new[] { sourceId }, copies = 2, name = OperatorApi.Unique("shortcut") });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var taskId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("task_id").GetInt32();

        JsonElement status;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        do
        {
            await Task.Delay(300);
            status = await op.GetFromJsonAsync<JsonElement>($"/api/media/uniquify/{taskId}/status");
        }
        while (status.GetProperty("status").GetString() is "pending" or "running" && DateTime.UtcNow < deadline);

        Assert.Equal("completed", status.GetProperty("status").GetString());
        Assert.Equal(2, status.GetProperty("progress").GetProperty("done").GetInt32());
        var results = status.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(2, results.Count);
        Assert.Equal(2, results.Select(r => r.GetProperty("sha256").GetString()).Distinct().Count());
        var copies = await CopiesOfAsync(op, sourceId);
        Assert.Equal(results.Select(r => r.GetProperty("media_id").GetInt32()).Order(), copies.Select(c => c.GetProperty("id").GetInt32()).Order());
    }

    [Fact]
    public async Task The_upload_route_is_for_workers_links_the_source_and_dedupes_the_same_bytes()
    {
        using var op = fx.OperatorClient();
        var source = await op.UploadMediaAsync(OperatorApi.MakeVideo(_dir), "video/mp4");
        var sourceId = source.GetProperty("id").GetInt32();
        var file = OperatorApi.MakeVideo(_dir);
        using var worker = fx.WorkerClient();

        using var asOperator = await op.PostAsync($"/api/media/upload?source_media_id={sourceId}", Form(file));
        using var unknownSource = await worker.PostAsync("/api/media/upload?source_media_id=987654321", Form(file));
        using var first = await worker.PostAsync($"/api/media/upload?source_media_id={sourceId}", Form(file));
        using var again = await worker.PostAsync($"/api/media/upload?source_media_id={sourceId}", Form(file));

        Assert.Equal(HttpStatusCode.Forbidden, asOperator.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknownSource.StatusCode);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var created = await first.Content.ReadFromJsonAsync<JsonElement>();
        var duplicate = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(sourceId, created.GetProperty("source_media_id").GetInt32());
        Assert.False(created.GetProperty("duplicate").GetBoolean());
        Assert.True(duplicate.GetProperty("duplicate").GetBoolean());
        Assert.Equal(created.GetProperty("id").GetInt32(), duplicate.GetProperty("id").GetInt32());
        Assert.True(created.GetProperty("duration_seconds").GetDouble() > 0);
    }

    private static MultipartFormDataContent Form(string path)
    {
        var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(File.ReadAllBytes(path));
        part.Headers.ContentType = new MediaTypeHeaderValue("video/mp4");
        form.Add(part, "file", Path.GetFileName(path));
        return form;
    }

    private static async Task<List<JsonElement>> CopiesOfAsync(HttpClient op, int sourceId)
    {
        var copies = new List<JsonElement>();
        for (var page = 1; page <= 20; page++)
        {
            var list = await op.GetFromJsonAsync<JsonElement>($"/api/v1/media?kind=video&page={page}&page_size=100");
            var items = list.GetProperty("items").EnumerateArray().ToList();
            copies.AddRange(items.Where(m => m.GetProperty("source_media_id") is { ValueKind: JsonValueKind.Number } s && s.GetInt32() == sourceId));
            if (items.Count < 100)
            {
                break;
            }
        }

        return copies;
    }
}
