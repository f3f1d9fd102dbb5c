using System.Diagnostics;
using System.Net.Sockets;
using InstaUploader.Tests.Infrastructure;
using InstaUploader.Tests.Runners;
using InstaUploader.Web.Features.Media;

namespace InstaUploader.Tests.Media;

/// <summary>
/// A real S3-compatible server on loopback: s3rver from npm, installed by scripts/prerequisites.sh into
/// .instauploader/tools/s3rver, with one bucket, its objects in a temp directory of its own.
/// </summary>
public sealed class S3Server : IAsyncLifetime
{
    public const string Bucket = "media";

    // s3rver's built-in account.
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "s3rver-" + Guid.NewGuid().ToString("N"));
    private Process? _process;

    public Uri Url { get; private set; } = null!;

    public static string Executable => Path.Combine(AppHostTesting.RepositoryRoot(), ".instauploader", "tools", "s3rver", "node_modules", ".bin", "s3rver");

    public S3MediaOptions Options(long partSizeBytes = 5L * 1024 * 1024) => new()
    {
        Bucket = Bucket, ServiceUrl = Url, AccessKey = AccessKey, SecretKey = SecretKey, ForcePathStyle = true, PartSizeBytes = partSizeBytes,
    };

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(Executable), $"s3rver is not installed at {Executable}: run ./scripts/prerequisites.sh");
        Directory.CreateDirectory(_directory);
        var port = Tinyproxy.FreePort();
        Url = new Uri($"http://127.0.0.1:{port}");
        _process = Process.Start(new ProcessStartInfo(Executable)
        {
            ArgumentList = { "--directory", _directory, "--address", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--silent", "--configure-bucket", Bucket },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var started = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return;
            }
            catch (SocketException) when (started.Elapsed < TimeSpan.FromSeconds(30) && !_process.HasExited)
            {
                await Task.Delay(100);
            }
        }
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process?.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }

        return Task.CompletedTask;
    }
}
