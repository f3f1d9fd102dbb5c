namespace InstaUploader.Web.Features.Media;

/// <summary>A media type recognised from a file's content.</summary>
public sealed record MediaType(string Kind, string ContentType, string Extension);

/// <summary>
/// Identifies uploads by their leading bytes, never by the client's file name or Content-Type:
/// MP4/MOV (ISO BMFF <c>ftyp</c> box), WebM (EBML, doctype webm), JPEG, PNG and WebP.
/// </summary>
public static class MediaSniffer
{
    /// <summary>Bytes needed to decide; WebM's doctype sits within the EBML header at the start.</summary>
    public const int HeaderLength = 64;

    public static readonly MediaType Mp4 = new(Data.MediaKind.Video, "video/mp4", ".mp4");
    public static readonly MediaType QuickTime = new(Data.MediaKind.Video, "video/quicktime", ".mov");
    public static readonly MediaType WebM = new(Data.MediaKind.Video, "video/webm", ".webm");
    public static readonly MediaType Jpeg = new(Data.MediaKind.Image, "image/jpeg", ".jpg");
    public static readonly MediaType Png = new(Data.MediaKind.Image, "image/png", ".png");
    public static readonly MediaType WebP = new(Data.MediaKind.Image, "image/webp", ".webp");

    // ISO BMFF brands that are not videos Instagram takes: HEIF/AVIF stills and audio-only MPEG-4.
    private static readonly string[] NonVideoBrands = ["heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1", "avif", "avis", "M4A ", "M4B ", "M4P ", "crx "];

    public static MediaType? Detect(ReadOnlySpan<byte> header)
    {
        if (header.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return Jpeg;
        }

        if (header.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return Png;
        }

        if (header.Length >= 12 && header.StartsWith("RIFF"u8) && header.Slice(8, 4).SequenceEqual("WEBP"u8))
        {
            return WebP;
        }

        if (header.Length >= 12 && header.Slice(4, 4).SequenceEqual("ftyp"u8))
        {
            var brand = System.Text.Encoding.ASCII.GetString(header.Slice(8, 4));
            return brand == "qt  " ? QuickTime : NonVideoBrands.Contains(brand) ? null : Mp4;
        }

        if (header.StartsWith((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3]) && header.IndexOf("webm"u8) > 0)
        {
            return WebM;
        }

        return null;
    }
}
