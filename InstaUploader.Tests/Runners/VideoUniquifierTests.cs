using System.Diagnostics;
using System.Security.Cryptography;
using InstaUploader.Worker.Runners.MediaUniq;
using Microsoft.Extensions.Options;

namespace InstaUploader.Tests.Runners;

/// <summary>The ffmpeg pipeline of media_uniq on real ffmpeg-made videos (no Web, no worker).</summary>
public sealed class VideoUniquifierTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("uniq-tests-").FullName;
    private readonly VideoUniquifier _uniquifier;
    private readonly VideoProbe _probe;

    public VideoUniquifierTests()
    {
        var options = Options.Create(new MediaUniqOptions { WorkDir = _dir });
        var tools = new ToolRunner(options, TimeProvider.System);
        _probe = new VideoProbe(tools, options);
        _uniquifier = new VideoUniquifier(tools, _probe, options);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>2 s of test pattern with a tone and identifying metadata, as a phone or an editor would leave it.</summary>
    private string MakeSource()
    {
        var path = Path.Combine(_dir, $"src-{Guid.NewGuid():n}.mp4");
        Run("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=duration=2:size=160x120:rate=15", "-f", "lavfi", "-i", "sine=frequency=440:duration=2",
            "-pix_fmt", "yuv420p", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-shortest",
            "-metadata", "title=Original title", "-metadata", "comment=shot on phone 123", "-metadata", "creation_time=2020-01-02T03:04:05Z", path);
        return path;
    }

    [Fact]
    public async Task Three_copies_hash_differently_play_last_as_long_as_the_source_and_carry_no_source_metadata()
    {
        var source = MakeSource();
        var sourceSha = Sha(source);
        var sourceInfo = await _probe.ProbeAsync(source, CancellationToken.None);
        Assert.Equal("Original title", sourceInfo.FormatTags["title"]);

        var copies = new List<UniqueCopy>();
        for (var i = 0; i < 3; i++)
        {
            copies.Add(await _uniquifier.MakeCopyAsync(source, sourceSha, i, Path.Combine(_dir, $"copy-{i}.mp4"), CancellationToken.None));
        }

        Assert.Equal(3, copies.Select(c => c.Sha256).Distinct().Count());
        Assert.DoesNotContain(sourceSha, copies.Select(c => c.Sha256));
        foreach (var copy in copies)
        {
            Assert.Equal(Sha(copy.Path), copy.Sha256);
            Assert.Equal(new FileInfo(copy.Path).Length, copy.SizeBytes);
            var info = await _probe.ProbeAsync(copy.Path, CancellationToken.None);
            Assert.Equal((sourceInfo.Width, sourceInfo.Height), (info.Width, info.Height));
            Assert.True(info.HasAudio);
            Assert.InRange(info.DurationSeconds, sourceInfo.DurationSeconds * 0.95, sourceInfo.DurationSeconds * 1.05);
            Assert.Empty(info.FormatTags.Keys.Except(["major_brand", "minor_version", "compatible_brands"]));
            var bytes = await File.ReadAllTextAsync(copy.Path);
            Assert.DoesNotContain("x264 - core", bytes, StringComparison.Ordinal);
            Assert.DoesNotContain("Original title", bytes, StringComparison.Ordinal);
        }

        Assert.Equal(3, copies.Select(c => c.Variant).Distinct().Count());
    }

    [Fact]
    public async Task The_same_copy_index_of_the_same_source_comes_out_byte_identical()
    {
        var source = MakeSource();
        var sha = Sha(source);

        var first = await _uniquifier.MakeCopyAsync(source, sha, 1, Path.Combine(_dir, "again-1.mp4"), CancellationToken.None);
        var second = await _uniquifier.MakeCopyAsync(source, sha, 1, Path.Combine(_dir, "again-2.mp4"), CancellationToken.None);

        Assert.Equal(first.Sha256, second.Sha256);
        Assert.Equal(UniqueVariant.For(sha, 1), first.Variant);
        Assert.NotEqual(UniqueVariant.For(sha, 1), UniqueVariant.For(sha, 2));
    }

    [Fact]
    public async Task A_video_without_audio_is_copied_without_audio()
    {
        var source = Path.Combine(_dir, "silent.mp4");
        Run("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=duration=1:size=64x64:rate=10", "-pix_fmt", "yuv420p", "-c:v", "libx264", "-preset", "ultrafast", source);

        var copy = await _uniquifier.MakeCopyAsync(source, "key", 0, Path.Combine(_dir, "silent-copy.mp4"), CancellationToken.None);

        var info = await _probe.ProbeAsync(copy.Path, CancellationToken.None);
        Assert.False(info.HasAudio);
        Assert.InRange(copy.DurationSeconds, 0.8, 1.2);
    }

    [Fact]
    public async Task A_file_that_is_not_a_video_fails_with_a_tool_error()
    {
        var junk = Path.Combine(_dir, "junk.mp4");
        await File.WriteAllTextAsync(junk, "definitely not a video");

        var error = await Assert.ThrowsAsync<ToolException>(() => _uniquifier.MakeCopyAsync(junk, "key", 0, Path.Combine(_dir, "junk-copy.mp4"), CancellationToken.None));

        Assert.StartsWith("ffprobe failed", error.Message, StringComparison.Ordinal);
    }

    private static string Sha(string path)
    {
        using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(file));
    }

    private static void Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var p = Process.Start(start)!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{file} failed: {err}");
    }
}
