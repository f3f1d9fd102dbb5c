using System.Security.Cryptography;
using InstaUploader.Contracts;
using InstaUploader.Tests.Infrastructure;
using InstaUploader.Tests.Runners;
using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Media;
using InstaUploader.Web.Features.WorkerApi;
using InstaUploader.Worker;
using InstaUploader.Worker.Jobs;
using InstaUploader.Worker.WebApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace InstaUploader.Tests.Media;

/// <summary>
/// The S3 media store against a real S3-compatible server (s3rver): the Web's upload path stores into the bucket
/// (in parts, from the received file), the worker's download follows the Web's redirect to a presigned link and
/// fetches the bytes from the bucket, so a Web replica going away mid-download does not break it. The records live
/// in the control plane's database; the Web's download route runs in a small in-process host that can be stopped.
/// </summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class S3MediaStoreTests(ControlPlaneFixture fx, S3Server s3) : IClassFixture<S3Server>, IAsyncLifetime
{
    private const long VideoBytes = 50L * 1024 * 1024;
    private readonly string _scratch = Directory.CreateTempSubdirectory("s3-media-test-").FullName;

    [Fact]
    public async Task A_worker_fetches_an_uploaded_video_from_the_bucket_while_the_web_restarts()
    {
        var (path, sha) = WriteVideo(Path.Combine(_scratch, "clip.mp4"), VideoBytes);
        using var host = await WebHostAsync();
        var web = host.Services;
        MediaFile media;
        await using (var upload = File.OpenRead(path))
        {
            var saved = await Store(web).SaveAsync(upload, "clip.mp4", sourceMediaId: null, CancellationToken.None);
            Assert.True(saved.Succeeded, saved.Status.ToString());
            media = saved.Value!.Media;
        }

        var objects = web.GetRequiredService<IMediaObjects>();
        Assert.Equal($"{sha[..2]}/{sha}.mp4", media.StoredPath);
        Assert.True(await objects.ExistsAsync(media.StoredPath, CancellationToken.None));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_scratch, "web"), "*", SearchOption.AllDirectories));

        var port = Tinyproxy.FreePort();
        var replica = await StartWebReplicaAsync(web, port);
        var gate = new PausingDownloads(pauseAfterBytes: 1024 * 1024);
        await using var worker = WorkerServices(new Uri($"http://127.0.0.1:{port}"), gate);
        var cache = worker.GetRequiredService<MediaCache>();

        var download = cache.GetAsync(media.Id, sha, CancellationToken.None);
        await gate.Paused.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.False(download.IsCompleted);
        await replica.StopAsync();
        await replica.DisposeAsync();
        gate.Resume();
        var file = await download.WaitAsync(TimeSpan.FromSeconds(120));

        Assert.Equal(s3.Url.Port, gate.ServedFrom!.Port);
        Assert.Equal(VideoBytes, new FileInfo(file).Length);
        Assert.Equal(sha, Sha256Of(file));

        // The replica comes back on its address and answers again with a fresh link.
        await using var restarted = await StartWebReplicaAsync(web, port);
        var again = Path.Combine(_scratch, "again.bin");
        await using (var scope = worker.CreateAsyncScope())
        {
            Assert.Equal(sha, await scope.ServiceProvider.GetRequiredService<WebApiClient>().DownloadMediaAsync(media.Id, again, CancellationToken.None));
        }

        var deleted = await Store(web).DeleteAsync(media.Id, CancellationToken.None);
        Assert.True(deleted.Succeeded, deleted.Status.ToString());
        Assert.False(await objects.ExistsAsync(media.StoredPath, CancellationToken.None));
    }

    [Fact]
    public async Task The_same_bytes_uploaded_twice_are_one_object_and_a_lost_object_is_healed()
    {
        var (path, sha) = WriteVideo(Path.Combine(_scratch, "small.mp4"), 300 * 1024);
        using var host = await WebHostAsync();
        var web = host.Services;
        var objects = web.GetRequiredService<IMediaObjects>();

        var first = await SaveAsync(web, path);
        await objects.DeleteAsync(first.Media.StoredPath, CancellationToken.None);
        var second = await SaveAsync(web, path);

        Assert.True(second.Duplicate);
        Assert.Equal(first.Media.Id, second.Media.Id);
        Assert.True(await objects.ExistsAsync($"{sha[..2]}/{sha}.mp4", CancellationToken.None));
    }

    [Theory]
    [InlineData("Media:S3:Bucket", "", "Media:S3:Bucket")]
    [InlineData("Media:S3:SecretKey", "", "Media:S3:AccessKey")]
    [InlineData("Media:S3:ServiceUrl", "ftp://store.test/", "Media:S3:ServiceUrl")]
    [InlineData("Media:S3:PartSizeBytes", "1024", "Media:S3:PartSizeBytes")]
    public void Bads3_settings_stop_the_web_at_start(string key, string value, string named)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Media:Store"] = "S3", ["Media:S3:Bucket"] = "media", ["Media:S3:AccessKey"] = "key", ["Media:S3:SecretKey"] = "secret", [key] = value,
        });
        builder.AddMedia();
        using var host = builder.Build();

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<MediaOptions>>().Value);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    private static async Task<MediaSaved> SaveAsync(IServiceProvider web, string path)
    {
        await using var content = File.OpenRead(path);
        var saved = await Store(web).SaveAsync(content, Path.GetFileName(path), sourceMediaId: null, CancellationToken.None);
        Assert.True(saved.Succeeded, saved.Status.ToString());
        return saved.Value!;
    }

    private static MediaStore Store(IServiceProvider web) => web.CreateScope().ServiceProvider.GetRequiredService<MediaStore>();

    /// <summary>The Web's media services as AddMedia builds them, over the control plane's database and the bucket.</summary>
    private async Task<IHost> WebHostAsync()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Media:Store"] = "S3",
            ["Media:Root"] = Path.Combine(_scratch, "web"),
            ["Media:FfprobePath"] = "/nonexistent/ffprobe",
            ["Media:S3:Bucket"] = S3Server.Bucket,
            ["Media:S3:ServiceUrl"] = s3.Url.ToString(),
            ["Media:S3:AccessKey"] = S3Server.AccessKey,
            ["Media:S3:SecretKey"] = S3Server.SecretKey,
            ["Media:S3:PartSizeBytes"] = (5 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var connectionString = await fx.ConnectionStringAsync();
        builder.Services.AddDbContext<AppDbContext>(o => o.UseNpgsql(connectionString).UseSnakeCaseNamingConvention());
        builder.Services.AddDataProtection();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddMedia();
        return builder.Build();
    }

    /// <summary>A Web replica's media download route (without the worker bearer check) on a fixed port.</summary>
    private async Task<WebApplication> StartWebReplicaAsync(IServiceProvider web, int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var connectionString = await fx.ConnectionStringAsync();
        builder.Services.AddDbContext<AppDbContext>(o => o.UseNpgsql(connectionString).UseSnakeCaseNamingConvention());
        builder.Services.AddDataProtection();
        builder.Services.AddSingleton(web.GetRequiredService<IMediaObjects>());
        var app = builder.Build();
        app.MapGet(WorkerRoutes.Prefix + WorkerRoutes.MediaDownloadTemplate, (int video_id, AppDbContext db, IMediaObjects objects, CancellationToken ct) =>
            MediaDownloadApi.DownloadAsync(video_id, null, db, objects, ct));
        await app.StartAsync();
        return app;
    }

    private ServiceProvider WorkerServices(Uri web, PausingDownloads gate)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<WorkerOptions>().Configure(o =>
        {
            o.WebBaseUrl = web;
            o.WorkerToken = "token";
            o.WorkerId = "s3-download-test";
            o.MediaTempDir = Path.Combine(_scratch, "worker");
        });
        services.AddWebApiClient().AddHttpMessageHandler(_ => gate.Handler());
        services.AddSingleton<MediaCache>();
        return services.BuildServiceProvider();
    }

    /// <summary>An MP4 (ftyp box, then pseudo-random bytes) of <paramref name="bytes"/>, written in chunks; its sha256.</summary>
    internal static (string Path, string Sha256) WriteVideo(string path, long bytes)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using (var file = File.Create(path))
        {
            var chunk = new byte[1024 * 1024];
            var random = new Random(path.GetHashCode(StringComparison.Ordinal));
            for (long written = 0; written < bytes; written += chunk.Length)
            {
                random.NextBytes(chunk);
                if (written == 0)
                {
                    "\0\0\0\u0018ftypisom\0\0\u0002\0isomiso2"u8.CopyTo(chunk);
                }

                var take = (int)Math.Min(chunk.Length, bytes - written);
                file.Write(chunk, 0, take);
                hash.AppendData(chunk, 0, take);
            }
        }

        return (path, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    private static string Sha256Of(string path)
    {
        using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(file));
    }

    /// <summary>Pauses the first download once it has read some bytes, until <see cref="Resume"/>; tells where the bytes came from.</summary>
    private sealed class PausingDownloads(long pauseAfterBytes)
    {
        private readonly TaskCompletionSource _paused = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _resumed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Paused => _paused.Task;

        public Uri? ServedFrom { get; private set; }

        public void Resume() => _resumed.TrySetResult();

        public DelegatingHandler Handler() => new Pausing(this);

        private sealed class Pausing(PausingDownloads gate) : DelegatingHandler
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
            {
                var response = await base.SendAsync(request, ct);
                if (gate.ServedFrom is not null || !response.IsSuccessStatusCode)
                {
                    return response;
                }

                gate.ServedFrom = response.RequestMessage?.RequestUri;
                var body = new StreamContent(new PausingStream(await response.Content.ReadAsStreamAsync(ct), gate));
                foreach (var header in response.Content.Headers)
                {
                    body.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }

                response.Content = body;
                return response;
            }
        }

        private sealed class PausingStream(Stream inner, PausingDownloads gate) : Stream
        {
            private long _read;

            public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
            {
                if (_read >= gate._pauseAfterBytes && !gate._paused.Task.IsCompleted)
                {
                    gate._paused.TrySetResult();
                    await gate._resumed.Task.WaitAsync(ct);
                }

                var read = await inner.ReadAsync(buffer, ct);
                _read += read;
                return read;
            }

            public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => false;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => _read; set => throw new NotSupportedException(); }
            public override void Flush() { }
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    inner.Dispose();
                }

                base.Dispose(disposing);
            }
        }

        private readonly long _pauseAfterBytes = pauseAfterBytes;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(_scratch, recursive: true);
        return Task.CompletedTask;
    }
}
