using System.Diagnostics;
using Xunit;

namespace InstaUploader.Tests.Infrastructure;

/// <summary>Debian's ffmpeg, for tests that need real media.</summary>
internal static class Ffmpeg
{
    /// <summary>Runs ffmpeg with <paramref name="args"/> into a new temporary file and returns its path.</summary>
    public static async Task<string> MakeFileAsync(string extension, params string[] args)
    {
        var output = Path.Combine(Path.GetTempPath(), $"sample-{Guid.NewGuid():N}{extension}");
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
