using System.Diagnostics;
using System.Net.Sockets;
using System.Security.Cryptography;
using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Media;
using Microsoft.Extensions.Options;

/// <summary>
/// The S3 media store (issue 27) with one big video against a local S3-compatible server (s3rver, installed by
/// scripts/prerequisites.sh): the Web's store sends the received file to the bucket in parts, and a worker-like client
/// follows the download's redirect to the presigned link and streams it to disk while hashing it. Beside it, the
/// ceiling: a plain copy of the same file on this disk. Peak working set of this process shows nothing was held whole.
/// </summary>
internal static class MediaStoreBench
{
    public sealed record Result(long Bytes, int Parts, double UploadSeconds, double DownloadSeconds, bool SameBytes, long PeakWorkingSetBytes, double CopySeconds);

    public static async Task<Result> RunAsync(int mebibytes)
    {
        var scratch = Directory.CreateTempSubdirectory("media-bench-").FullName;
        var port = FreePort();
        using var server = Process.Start(new ProcessStartInfo(S3rver())
        {
            ArgumentList = { "--directory", Path.Combine(scratch, "s3"), "--address", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--silent", "--configure-bucket", "media" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        try
        {
            await WaitForPortAsync(port);
            var source = Path.Combine(scratch, "big.mp4");
            var sha = Write(source, (long)mebibytes * 1024 * 1024);
            var options = Options.Create(new MediaOptions
            {
                Store = MediaStoreKind.S3,
                Root = scratch,
                S3 = new S3MediaOptions { Bucket = "media", ServiceUrl = new Uri($"http://127.0.0.1:{port}"), AccessKey = "S3RVER", SecretKey = "S3RVER" },
            });
            using var store = new S3MediaObjects(options, TimeProvider.System);
            var location = store.LocationFor(sha, ".mp4");

            var clock = Stopwatch.StartNew();
            await store.PutAsync(location, source, "video/mp4", CancellationToken.None);
            var upload = clock.Elapsed.TotalSeconds;

            var media = new MediaFile { Id = 1, Kind = MediaKind.Video, FileName = "big.mp4", StoredPath = location, ContentType = "video/mp4", Sha256 = sha };
            var redirect = await store.DownloadAsync(media, media.FileName, CancellationToken.None);
            var link = ((Microsoft.AspNetCore.Http.HttpResults.RedirectHttpResult)redirect).Url;
            clock.Restart();
            using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(10) };
            using var response = await http.GetAsync(link, HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            var downloaded = Path.Combine(scratch, "downloaded.bin");
            string gotSha;
            await using (var body = await response.Content.ReadAsStreamAsync())
            await using (var file = File.Create(downloaded))
            {
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                var buffer = new byte[81920];
                int read;
                while ((read = await body.ReadAsync(buffer)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read));
                }

                gotSha = Convert.ToHexStringLower(hash.GetHashAndReset());
            }

            var download = clock.Elapsed.TotalSeconds;
            clock.Restart();
            File.Copy(source, Path.Combine(scratch, "copy.bin"));
            var copy = clock.Elapsed.TotalSeconds;
            var parts = (int)Math.Ceiling((double)new FileInfo(source).Length / options.Value.S3.PartSizeBytes);
            return new Result(new FileInfo(source).Length, parts, upload, download, gotSha == sha, Process.GetCurrentProcess().PeakWorkingSet64, copy);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static string S3rver()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, ".instauploader", "tools", "s3rver", "node_modules", ".bin", "s3rver");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("s3rver is not installed: run ./scripts/prerequisites.sh from the repository root.");
    }

    private static string Write(string path, long bytes)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var file = File.Create(path);
        var chunk = new byte[1024 * 1024];
        for (long written = 0; written < bytes; written += chunk.Length)
        {
            Random.Shared.NextBytes(chunk);
            if (written == 0)
            {
                "\0\0\0\u0018ftypisom\0\0\u0002\0isomiso2"u8.CopyTo(chunk);
            }

            var take = (int)Math.Min(chunk.Length, bytes - written);
            file.Write(chunk, 0, take);
            hash.AppendData(chunk, 0, take);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitForPortAsync(int port)
    {
        var started = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return;
            }
            catch (SocketException) when (started.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(100);
            }
        }
    }
}
