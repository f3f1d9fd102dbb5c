using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace InstaUploader.Worker.Runners.MediaUniq;

/// <summary>A unique copy on disk, checked playable by ffprobe.</summary>
public sealed record UniqueCopy(string Path, string Sha256, long SizeBytes, double DurationSeconds, UniqueVariant Variant);

/// <summary>Makes one unique copy of a video with ffmpeg and checks it plays and lasts as long as it should.</summary>
public sealed class VideoUniquifier(ToolRunner tools, VideoProbe probe, IOptions<MediaUniqOptions> options)
{
    private readonly MediaUniqOptions _o = options.Value;

    /// <param name="sourceKey">What identifies the source for seeding (its sha256 or id).</param>
    public async Task<UniqueCopy> MakeCopyAsync(string source, string sourceKey, int copyIndex, string output, CancellationToken ct)
    {
        var info = await probe.ProbeAsync(source, ct);
        var variant = UniqueVariant.For(sourceKey, copyIndex);
        (await tools.RunAsync(_o.FfmpegPath, variant.FfmpegArguments(source, output, info), ct)).EnsureSuccess("ffmpeg");

        var made = await probe.ProbeAsync(output, ct);
        var expected = info.DurationSeconds / variant.Speed;
        // One frame of slack on top of the tolerance: short clips round to whole frames.
        var slack = Math.Max(expected * _o.DurationTolerance, 0.15);
        if (Math.Abs(made.DurationSeconds - expected) > slack)
        {
            throw new ToolException($"The copy lasts {made.DurationSeconds:0.###}s, expected about {expected:0.###}s.");
        }

        await using var file = new FileStream(output, FileMode.Open, FileAccess.Read, FileShare.Read, 128 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
        var sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, ct));
        return new UniqueCopy(output, sha, file.Length, made.DurationSeconds, variant);
    }
}
