using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace InstaUploader.Worker.Runners.MediaUniq;

/// <summary>
/// The small changes that make one copy unique: a crop of 1–4% scaled back to the original size, a colour nudge,
/// faint noise, a speed change of at most ±1.5%, and a different bit rate. Drawn from a seed of (source, copy index),
/// so the same copy comes out the same when an item is retried (the Web then dedupes it) and every copy differs.
/// </summary>
public sealed record UniqueVariant(
    double Crop,
    double CropX,
    double CropY,
    double Brightness,
    double Contrast,
    double Saturation,
    double Hue,
    int Noise,
    int NoiseSeed,
    double Speed,
    double BitRateFactor,
    int Crf,
    int AudioKbps)
{
    public static UniqueVariant For(string sourceKey, int copyIndex)
    {
        var seed = SHA256.HashData(Encoding.UTF8.GetBytes($"{sourceKey}:{copyIndex}"));
        var random = new Random(BitConverter.ToInt32(seed, 0));
        double Between(double min, double max) => Math.Round(min + (random.NextDouble() * (max - min)), 4);
        return new UniqueVariant(
            Crop: Between(0.01, 0.04),
            CropX: Between(0, 1),
            CropY: Between(0, 1),
            Brightness: Between(-0.02, 0.02),
            Contrast: Between(0.98, 1.02),
            Saturation: Between(0.95, 1.05),
            Hue: Between(-4, 4),
            Noise: random.Next(2, 6),
            NoiseSeed: random.Next(1, int.MaxValue),
            Speed: Between(0.985, 1.015),
            BitRateFactor: Between(0.85, 1.15),
            Crf: random.Next(20, 25),
            AudioKbps: random.Next(96, 161));
    }

    /// <summary>ffmpeg arguments turning <paramref name="input"/> into the copy at <paramref name="output"/>.</summary>
    public IReadOnlyList<string> FfmpegArguments(string input, string output, VideoInfo source)
    {
        var width = Even(source.Width);
        var height = Even(source.Height);
        var cropW = Math.Max(2, Even(source.Width * (1 - Crop)));
        var cropH = Math.Max(2, Even(source.Height * (1 - Crop)));
        var x = (int)((source.Width - cropW) * CropX);
        var y = (int)((source.Height - cropH) * CropY);
        var video = string.Join(',',
            F($"crop={cropW}:{cropH}:{x}:{y}"),
            F($"scale={width}:{height}:flags=bicubic"),
            "setsar=1",
            F($"eq=brightness={Brightness}:contrast={Contrast}:saturation={Saturation}"),
            F($"hue=h={Hue}"),
            F($"noise=alls={Noise}:allf=t:all_seed={NoiseSeed}"),
            F($"setpts=PTS/{Speed}"),
            "format=yuv420p");

        List<string> args = ["-v", "error", "-nostdin", "-y", "-i", input, "-map", "0:v:0", "-map", "0:a:0?", "-vf", video];
        if (source.VideoBitRate is { } bitRate)
        {
            var kbps = Math.Clamp((long)(bitRate * BitRateFactor / 1000), 100, 50_000);
            // Average bit rate only: x264's VBV (maxrate/bufsize) with threads makes the output differ run to run.
            args.AddRange(["-c:v", "libx264", "-preset", "veryfast", "-b:v", F($"{kbps}k")]);
        }
        else
        {
            args.AddRange(["-c:v", "libx264", "-preset", "veryfast", "-crf", F($"{Crf}")]);
        }

        if (source.HasAudio)
        {
            args.AddRange(["-af", F($"atempo={Speed}"), "-c:a", "aac", "-b:a", F($"{AudioKbps}k")]);
        }

        // Strip what identifies the source and the tool: container and stream metadata, chapters, the encoder tag
        // (bitexact) and x264's settings banner, which is an SEI unit (type 6) in the stream.
        args.AddRange([
            "-map_metadata", "-1", "-map_chapters", "-1",
            "-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact",
            "-bsf:v", "filter_units=remove_types=6",
            "-movflags", "+faststart", "-f", "mp4", output,
        ]);
        return args;
    }

    private static int Even(double value) => (int)(value / 2) * 2;

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
