using System.Collections.Concurrent;
using InstaUploader.Worker.WebApi;
using Microsoft.Extensions.Options;

namespace InstaUploader.Worker.Jobs;

/// <summary>
/// Media downloaded once per worker into MEDIA_TEMP_DIR, verified by sha256, shared by every item that needs it
/// (20 accounts × 3 videos → 3 downloads), and deleted once unused for a while and when the worker stops.
/// </summary>
public sealed class MediaCache(IServiceScopeFactory scopes, IOptions<WorkerOptions> options, TimeProvider time, ILogger<MediaCache> logger)
    : BackgroundService
{
    private static readonly TimeSpan KeepUnused = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<int, Entry> _entries = new();

    private string Directory => Path.Combine(options.Value.MediaTempDir, options.Value.WorkerId);

    public async Task<string> GetAsync(int mediaId, string? expectedSha256, CancellationToken ct)
    {
        var entry = _entries.GetOrAdd(mediaId, id => new Entry(new Lazy<Task<string>>(() => DownloadAsync(id, expectedSha256))));
        entry.LastUsed = time.GetUtcNow();
        try
        {
            return await entry.Download.Value.WaitAsync(ct);
        }
        catch (Exception) when (entry.Download.Value.IsFaulted)
        {
            _entries.TryRemove(mediaId, out _);
            throw;
        }
    }

    private async Task<string> DownloadAsync(int mediaId, string? expectedSha256)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, $"media-{mediaId}.bin");
        var partial = path + ".part";
        await using var scope = scopes.CreateAsyncScope();
        var web = scope.ServiceProvider.GetRequiredService<WebApiClient>();
        var sha = await DownloadRidingOutWebOutagesAsync(web, mediaId, partial);
        if (expectedSha256 is not null && !string.Equals(expectedSha256, sha, StringComparison.OrdinalIgnoreCase))
        {
            File.Delete(partial);
            throw new InvalidDataException($"Media {mediaId} arrived corrupted (sha256 {sha}, expected {expectedSha256}).");
        }

        File.Move(partial, path, overwrite: true);
        logger.LogInformation("Downloaded media {MediaId} ({Bytes} bytes)", mediaId, new FileInfo(path).Length);
        return path;
    }

    /// <summary>How long a download waits for a Web that does not answer (frozen, restarting, between replicas).</summary>
    public static readonly TimeSpan OutageTolerance = TimeSpan.FromMinutes(3);

    /// <summary>
    /// A Web that is briefly away is no reason to fail an upload half done: like log lines and renewals, a download is
    /// asked again until the Web answers. Only its answer (a 4xx such as an unknown media) ends it at once.
    /// </summary>
    private async Task<string> DownloadRidingOutWebOutagesAsync(WebApiClient web, int mediaId, string partial)
    {
        var started = time.GetTimestamp();
        for (var failures = 0; ; )
        {
            try
            {
                return await web.DownloadMediaAsync(mediaId, partial, CancellationToken.None);
            }
            catch (Exception ex) when (IsWebAway(ex) && time.GetElapsedTime(started) < OutageTolerance)
            {
                logger.LogWarning("Downloading media {MediaId} failed: {Error}; asking again", mediaId, ex.Message);
                await Task.Delay(RetryBackoff.After(++failures), time);
            }
        }
    }

    private static bool IsWebAway(Exception ex) => ex switch
    {
        HttpRequestException { StatusCode: null or >= System.Net.HttpStatusCode.InternalServerError or System.Net.HttpStatusCode.RequestTimeout or System.Net.HttpStatusCode.TooManyRequests } => true,
        Polly.Timeout.TimeoutRejectedException or Polly.CircuitBreaker.BrokenCircuitException or TaskCanceledException or IOException => true,
        _ => false,
    };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                foreach (var (id, entry) in _entries)
                {
                    if (time.GetUtcNow() - entry.LastUsed > KeepUnused && _entries.TryRemove(id, out _))
                    {
                        Delete(Path.Combine(Directory, $"media-{id}.bin"));
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            foreach (var id in _entries.Keys)
            {
                Delete(Path.Combine(Directory, $"media-{id}.bin"));
            }
        }
    }

    private void Delete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException ex)
        {
            logger.LogWarning("Could not delete {Path}: {Error}", path, ex.Message);
        }
    }

    private sealed class Entry(Lazy<Task<string>> download)
    {
        public Lazy<Task<string>> Download { get; } = download;
        public DateTimeOffset LastUsed { get; set; }
    }
}
