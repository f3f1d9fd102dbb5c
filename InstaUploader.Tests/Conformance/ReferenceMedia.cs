using InstaUploader.Tests.Infrastructure;

namespace InstaUploader.Tests.Conformance;

/// <summary>Real media files (made with Debian's ffmpeg) both clients can upload: a 3-second portrait MP4 and a JPEG.</summary>
internal static class ReferenceMedia
{
    public static Task<string> VideoAsync() => Ffmpeg.MakeFileAsync(".mp4",
        "-f", "lavfi", "-i", "testsrc=duration=3:size=720x1280:rate=30", "-pix_fmt", "yuv420p", "-metadata", $"comment={Guid.NewGuid():N}");

    public static Task<string> JpegAsync() => Ffmpeg.MakeFileAsync(".jpg",
        "-f", "lavfi", "-i", "testsrc=size=720x1280", "-frames:v", "1", "-metadata", $"comment={Guid.NewGuid():N}");
}
