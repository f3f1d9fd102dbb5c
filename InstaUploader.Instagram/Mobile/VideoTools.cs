using System.Diagnostics;
using System.Globalization;

namespace InstaUploader.Instagram.Mobile;

/// <summary>
/// What the upload needs to know about a video, from the ffprobe/ffmpeg CLIs when installed. Without them the
/// upload still works: a portrait Reel size is assumed and a plain cover JPEG is sent.
/// </summary>
internal static class VideoTools
{
    private static readonly VideoInfo Assumed = new(1080, 1920, 0);

    /// <summary>A valid 8×8 grey baseline JPEG, the cover used when no frame can be extracted.</summary>
    public static readonly byte[] PlainCoverJpeg = Convert.FromBase64String(
        "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/wAALCAAIAAgBAREA/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/9oACAEBAAA/APn+iiigD//Z");

    public static async Task<VideoInfo> ProbeAsync(string path, CancellationToken ct)
    {
        var output = await RunAsync("ffprobe",
            ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height:format=duration", "-of", "default=nw=1", path], ct);
        if (output is null)
        {
            return Assumed;
        }

        var values = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('=', 2))
            .Where(kv => kv.Length == 2)
            .GroupBy(kv => kv[0])
            .ToDictionary(g => g.Key, g => g.First()[1]);
        var width = values.TryGetValue("width", out var w) && int.TryParse(w, out var wv) ? wv : Assumed.Width;
        var height = values.TryGetValue("height", out var h) && int.TryParse(h, out var hv) ? hv : Assumed.Height;
        var duration = values.TryGetValue("duration", out var d) && double.TryParse(d, CultureInfo.InvariantCulture, out var seconds) ? (long)(seconds * 1000) : 0;
        return new VideoInfo(width, height, duration);
    }

    /// <summary>One frame as JPEG bytes (ffmpeg), or null when ffmpeg is missing or fails.</summary>
    public static async Task<byte[]?> ExtractFrameAsync(string path, CancellationToken ct)
    {
        var target = Path.Combine(Path.GetTempPath(), $"cover-{Guid.NewGuid():N}.jpg");
        try
        {
            var ok = await RunAsync("ffmpeg", ["-v", "error", "-y", "-ss", "0", "-i", path, "-frames:v", "1", "-q:v", "3", target], ct);
            return ok is not null && File.Exists(target) ? await File.ReadAllBytesAsync(target, ct) : null;
        }
        finally
        {
            File.Delete(target);
        }
    }

    private static async Task<string?> RunAsync(string tool, IReadOnlyList<string> args, CancellationToken ct)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            using var process = Process.Start(start);
            if (process is null)
            {
                return null;
            }

            var stdout = process.StandardOutput.ReadToEndAsync(ct);
            _ = process.StandardError.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            return process.ExitCode == 0 ? await stdout : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // not installed
        }
    }
}
