using System.Diagnostics;
using Xunit;

namespace InstaUploader.Tests.Conformance;

/// <summary>Real media files (made with Debian's ffmpeg) both clients can upload: a 3-second portrait MP4 and a JPEG.</summary>
internal static class ReferenceMedia
{
    public static Task<string> VideoAsync() => FfmpegAsync(".mp4",
        "-f", "lavfi", "-i", "testsrc=duration=3:size=720x1280:rate=30", "-pix_fmt", "yuv420p", "-metadata", $"comment={Guid.NewGuid():N}");

    public static Task<string> JpegAsync() => FfmpegAsync(".jpg",
        "-f", "lavfi", "-i", "testsrc=size=720x1280", "-frames:v", "1", "-metadata", $"comment={Guid.NewGuid():N}");

    private static async Task<string> FfmpegAsync(string extension, params string[] args)
    {
        var output = Path.Combine(Path.GetTempPath(), $"reference-{Guid.NewGuid():N}{extension}");
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in (string[])["-v", "error", "-y", .. args, output])
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"ffmpeg failed: {await errors}");
        return output;
    }
}
