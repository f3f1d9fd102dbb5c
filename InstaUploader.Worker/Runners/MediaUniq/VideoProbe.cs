using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace InstaUploader.Worker.Runners.MediaUniq;

/// <summary>What ffprobe says about a file: its first video stream, whether it has audio, and the container's tags.</summary>
public sealed record VideoInfo(
    int Width,
    int Height,
    double DurationSeconds,
    long? VideoBitRate,
    bool HasAudio,
    IReadOnlyDictionary<string, string> FormatTags);

public sealed class VideoProbe(ToolRunner tools, IOptions<MediaUniqOptions> options)
{
    /// <summary>The file's video facts, or a <see cref="ToolException"/> when it has no playable video stream.</summary>
    public async Task<VideoInfo> ProbeAsync(string path, CancellationToken ct)
    {
        var run = (await tools.RunAsync(options.Value.FfprobePath,
            ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", path], ct)).EnsureSuccess("ffprobe");
        using var doc = JsonDocument.Parse(run.Stdout);
        var root = doc.RootElement;
        var streams = root.TryGetProperty("streams", out var s) && s.ValueKind == JsonValueKind.Array ? s.EnumerateArray().ToList() : [];
        var video = streams.FirstOrDefault(x => Text(x, "codec_type") == "video" && !IsCoverArt(x));
        if (video.ValueKind != JsonValueKind.Object || Int(video, "width") is not > 0 || Int(video, "height") is not > 0)
        {
            throw new ToolException("The file has no video stream.");
        }

        var format = root.TryGetProperty("format", out var f) ? f : default;
        var duration = Number(format, "duration") ?? Number(video, "duration") ?? 0;
        if (duration <= 0)
        {
            throw new ToolException("The video has no duration.");
        }

        var tags = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (format.ValueKind == JsonValueKind.Object && format.TryGetProperty("tags", out var t) && t.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in t.EnumerateObject())
            {
                tags[p.Name] = p.Value.ToString();
            }
        }

        var bitRate = Number(video, "bit_rate") ?? Number(format, "bit_rate");
        return new VideoInfo(Int(video, "width")!.Value, Int(video, "height")!.Value, duration, bitRate is { } b ? (long)b : null,
            streams.Any(x => Text(x, "codec_type") == "audio"), tags);
    }

    private static bool IsCoverArt(JsonElement stream) =>
        stream.TryGetProperty("disposition", out var d) && d.ValueKind == JsonValueKind.Object && Int(d, "attached_pic") == 1;

    private static string? Text(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static int? Int(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null;

    /// <summary>ffprobe writes durations and bit rates as strings.</summary>
    private static double? Number(JsonElement e, string name) =>
        Text(e, name) is { } s && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
}
