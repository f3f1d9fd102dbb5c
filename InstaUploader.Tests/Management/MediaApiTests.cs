using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using InstaUploader.Tests.Infrastructure;
using Npgsql;
using static InstaUploader.Tests.Management.ManagementHttp;

namespace InstaUploader.Tests.Management;

[Collection(TopologyCollection.Name)]
public sealed class MediaApiTests(TopologyFixture fx)
{
    [Fact]
    public async Task An_uploaded_video_is_hashed_measured_and_listed()
    {
        using var api = fx.OperatorClient();
        var bytes = await MediaSamples.Mp4Async();

        var uploaded = await UploadAsync(api, bytes, "../../etc/My Clip.MOV", "application/octet-stream");

        Assert.Equal(HttpStatusCode.Created, uploaded.Status);
        var media = uploaded.Body;
        var id = media.GetProperty("id").GetInt32();
        Assert.Equal("video", media.Str("kind"));
        Assert.Equal("video/mp4", media.Str("content_type"));
        Assert.Equal("My Clip.MOV", media.Str("file_name"));
        Assert.Equal(bytes.LongLength, media.GetProperty("size_bytes").GetInt64());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), media.Str("sha256"));
        Assert.InRange(media.GetProperty("duration_seconds").GetDouble(), 0.8, 1.3);
        Assert.DoesNotContain("stored_path", uploaded.Raw, StringComparison.Ordinal);

        var got = await GetAsync(api, $"/api/v1/media/{id}");
        Assert.Equal(HttpStatusCode.OK, got.Status);
        Assert.Equal(media.Str("sha256"), got.Body.Str("sha256"));
        var videos = await GetAsync(api, "/api/v1/media?kind=video&page_size=500");
        Assert.Contains(videos.Body.GetProperty("items").EnumerateArray(), m => m.GetProperty("id").GetInt32() == id);
        var images = await GetAsync(api, "/api/v1/media?kind=image&page_size=500");
        Assert.DoesNotContain(images.Body.GetProperty("items").EnumerateArray(), m => m.GetProperty("id").GetInt32() == id);
        Assert.Contains("kind", AssertProblem(await GetAsync(api, "/api/v1/media?kind=audio"), HttpStatusCode.BadRequest).Keys);
    }

    [Fact]
    public async Task An_uploaded_jpeg_is_an_image_without_duration()
    {
        using var api = fx.OperatorClient();
        var bytes = await MediaSamples.JpegAsync();

        var uploaded = await UploadAsync(api, bytes, "cover.png", "image/png");

        Assert.Equal(HttpStatusCode.Created, uploaded.Status);
        Assert.Equal("image", uploaded.Body.Str("kind"));
        Assert.Equal("image/jpeg", uploaded.Body.Str("content_type"));
        Assert.Equal(JsonValueKind.Null, uploaded.Body.GetProperty("duration_seconds").ValueKind);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), uploaded.Body.Str("sha256"));
    }

    [Fact]
    public async Task Content_that_is_not_media_is_415_whatever_its_name()
    {
        using var api = fx.OperatorClient();
        var fake = Encoding.UTF8.GetBytes($"this is a text file pretending to be a video {Guid.NewGuid()}\n" + new string('x', 200));

        AssertProblem(await UploadAsync(api, fake, "clip.mp4", "video/mp4"), HttpStatusCode.UnsupportedMediaType);
        AssertProblem(await UploadAsync(api, fake[..5], "tiny.mp4", "video/mp4"), HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("file", AssertProblem(await UploadAsync(api, [], "empty.mp4", "video/mp4"), HttpStatusCode.BadRequest).Keys);
        AssertProblem(await SendAsync(api, HttpMethod.Post, "/api/v1/media", new ByteArrayContent(fake) { Headers = { ContentType = new("video/mp4") } }),
            HttpStatusCode.UnsupportedMediaType);

        using var noFile = new MultipartFormDataContent { { new StringContent("hello"), "note" } };
        Assert.Contains("file", AssertProblem(await SendAsync(api, HttpMethod.Post, "/api/v1/media", noFile), HttpStatusCode.BadRequest).Keys);
    }

    [Fact]
    public async Task The_same_bytes_return_the_existing_record()
    {
        using var api = fx.OperatorClient();
        var bytes = await MediaSamples.Mp4Async();

        var first = await UploadAsync(api, bytes, "a.mp4", "video/mp4");
        var second = await UploadAsync(api, bytes, "b.mp4", "video/mp4");

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.Equal(first.Body.GetProperty("id").GetInt32(), second.Body.GetProperty("id").GetInt32());
        Assert.Equal("a.mp4", second.Body.Str("file_name"));
    }

    [Fact]
    public async Task An_upload_over_the_limit_is_413_before_its_body_is_sent()
    {
        using var api = fx.OperatorClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/media") { Content = new EndlessContent(1L << 40) };
        request.Headers.ExpectContinue = true;

        using var response = await api.SendAsync(request);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(413, body.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Delete_removes_the_file_unless_a_task_uses_it()
    {
        using var api = fx.OperatorClient();
        var bytes = await MediaSamples.Mp4Async();
        var uploaded = await UploadAsync(api, bytes, "used.mp4", "video/mp4");
        var id = uploaded.Body.GetProperty("id").GetInt32();
        var sha = uploaded.Body.Str("sha256");
        // The topology's Web uses the default media root (the system temp folder).
        var file = Path.Combine(Path.GetTempPath(), "instauploader-media", sha[..2], sha + ".mp4");
        var fileWasThere = File.Exists(file);

        var connection = await fx.ConnectionStringAsync();
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var insert = new NpgsqlCommand("""
            WITH t AS (INSERT INTO tasks (kind, name, status, log, options, created_at)
                       VALUES ('bulk_upload', 'media delete test', 'pending', '', '{}', now()) RETURNING id)
            INSERT INTO task_videos (task_id, media_id, "order") SELECT id, @media, 0 FROM t RETURNING task_id
            """, db);
        insert.Parameters.AddWithValue("media", id);
        var taskId = (int)(await insert.ExecuteScalarAsync())!;

        AssertProblem(await DeleteAsync(api, $"/api/v1/media/{id}"), HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(api, $"/api/v1/media/{id}")).Status);

        await using (var deleteTask = new NpgsqlCommand("DELETE FROM tasks WHERE id = @id", db))
        {
            deleteTask.Parameters.AddWithValue("id", taskId);
            await deleteTask.ExecuteNonQueryAsync();
        }

        Assert.Equal(HttpStatusCode.NoContent, (await DeleteAsync(api, $"/api/v1/media/{id}")).Status);
        AssertProblem(await GetAsync(api, $"/api/v1/media/{id}"), HttpStatusCode.NotFound);
        AssertProblem(await DeleteAsync(api, $"/api/v1/media/{id}"), HttpStatusCode.NotFound);
        if (fileWasThere)
        {
            Assert.False(File.Exists(file));
        }
    }

    private static Task<(HttpStatusCode Status, JsonElement Body, string Raw)> UploadAsync(HttpClient api, byte[] bytes, string fileName, string contentType)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(new StringContent("caption"), "title");
        form.Add(file, "file", fileName);
        return SendAsync(api, HttpMethod.Post, "/api/v1/media", form);
    }

    /// <summary>Announces a huge multipart body; with Expect: 100-continue the server can refuse it unread.</summary>
    private sealed class EndlessContent : HttpContent
    {
        private readonly long length;

        public EndlessContent(long length)
        {
            this.length = length;
            Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=endless");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            var chunk = new byte[64 * 1024];
            for (long sent = 0; sent < length; sent += chunk.Length)
            {
                await stream.WriteAsync(chunk);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = this.length;
            return true;
        }
    }
}
