using InstaUploader.Tests.Infrastructure;

namespace InstaUploader.Tests.Management;

/// <summary>Real media made with Debian's ffmpeg; each sample is unique so hash de-duplication never crosses tests.</summary>
internal static class MediaSamples
{
    /// <summary>A 1-second 64x64 H.264 MP4.</summary>
    public static Task<byte[]> Mp4Async() => FfmpegAsync(".mp4",
        "-f", "lavfi", "-i", "testsrc=duration=1:size=64x64:rate=10", "-pix_fmt", "yuv420p", "-metadata", $"comment={Guid.NewGuid():N}");

    /// <summary>A 64x64 JPEG, made unique by bytes after its end-of-image marker (decoders ignore them).</summary>
    public static async Task<byte[]> JpegAsync() =>
        [.. await FfmpegAsync(".jpg", "-f", "lavfi", "-i", "testsrc=size=64x64", "-frames:v", "1"), .. Guid.NewGuid().ToByteArray()];

    private static async Task<byte[]> FfmpegAsync(string extension, params string[] args)
    {
        var output = await Ffmpeg.MakeFileAsync(extension, args);
        try
        {
            return await File.ReadAllBytesAsync(output);
        }
        finally
        {
            File.Delete(output);
        }
    }
}
