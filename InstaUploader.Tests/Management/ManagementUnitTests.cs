using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Accounts;
using InstaUploader.Web.Features.Errors;
using InstaUploader.Web.Features.Media;
using InstaUploader.Web.Features.Proxies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace InstaUploader.Tests.Management;

/// <summary>The parts of the management services that need no database: parsing, sniffing and the size limit.</summary>
public sealed class ManagementUnitTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), $"mgmt-unit-{Guid.NewGuid():N}");

    [Theory]
    [InlineData("1.2.3.4:8080", "http://1.2.3.4:8080", null)]
    [InlineData("proxy.example.com:3128:user:pa:ss", "http://user@proxy.example.com:3128", "user")]
    [InlineData("socks5://u:p%3Ax@Proxy.Example.com:1080", "socks5://u@proxy.example.com:1080", "u")]
    [InlineData("u:p@h.example:81", "http://u@h.example:81", "u")]
    public void Proxy_notations_parse(string text, string display, string? user)
    {
        Assert.True(ProxyParser.TryParse(text, "http", out var proxy, out var error), error);
        Assert.Equal(display, proxy.Display);
        Assert.Equal(user, proxy.Username);
    }

    [Theory]
    [InlineData("host")]
    [InlineData("host:0")]
    [InlineData("host:65536")]
    [InlineData("host:1:user")]
    [InlineData("ftp://host:21")]
    [InlineData("http://host:80/path")]
    [InlineData("bad host:80")]
    public void Bad_proxy_notations_are_rejected(string text) =>
        Assert.False(ProxyParser.TryParse(text, "http", out _, out _));

    [Theory]
    [InlineData("@Some.User_1", "some.user_1", true)]
    [InlineData("a", "a", true)]
    [InlineData("ends.", "ends.", false)]
    [InlineData("two..dots", "two..dots", false)]
    [InlineData("dash-name", "dash-name", false)]
    [InlineData("abcdefghijabcdefghijabcdefghij1", "abcdefghijabcdefghijabcdefghij1", false)]
    public void Usernames_follow_instagram_rules(string input, string normalized, bool valid)
    {
        var errors = new FieldErrors();
        var username = AccountRules.NormalizeUsername(input);
        AccountRules.ValidateUsername(username, errors);
        Assert.Equal(normalized, username);
        Assert.Equal(valid, !errors.Any);
    }

    [Fact]
    public void Media_is_recognised_by_content()
    {
        Assert.Equal(MediaSniffer.Mp4, MediaSniffer.Detect([0, 0, 0, 0x20, .. "ftypisom"u8, 0, 0, 2, 0]));
        Assert.Equal(MediaSniffer.QuickTime, MediaSniffer.Detect([0, 0, 0, 0x14, .. "ftypqt  "u8, 0, 0, 2, 0]));
        Assert.Null(MediaSniffer.Detect([0, 0, 0, 0x18, .. "ftypheic"u8, 0, 0, 0, 0]));
        Assert.Equal(MediaSniffer.Jpeg, MediaSniffer.Detect([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]));
        Assert.Equal(MediaSniffer.Png, MediaSniffer.Detect([0x89, .. "PNG"u8, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0]));
        Assert.Equal(MediaSniffer.WebP, MediaSniffer.Detect([.. "RIFF"u8, 1, 2, 3, 4, .. "WEBPVP8 "u8]));
        Assert.Equal(MediaSniffer.WebM, MediaSniffer.Detect([0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x86, 0x81, 0x01, 0x42, 0x82, 0x84, .. "webm"u8]));
        Assert.Null(MediaSniffer.Detect("GIF89a........"u8));
        Assert.Null(MediaSniffer.Detect("<html>hello</html>"u8));
    }

    [Fact]
    public async Task A_stream_over_the_limit_is_refused_and_leaves_nothing_behind()
    {
        var store = Store(maxBytes: 1000);
        byte[] header = [0, 0, 0, 0x20, .. "ftypisom"u8];
        using var content = new MemoryStream([.. header, .. new byte[2000]]);

        var result = await store.SaveAsync(content, "big.mp4", sourceMediaId: null, CancellationToken.None);

        Assert.Equal(ServiceStatus.TooLarge, result.Status);
        Assert.Empty(Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Unknown_content_is_refused_after_its_header()
    {
        var store = Store(maxBytes: 10_000_000);
        using var content = new MemoryStream(new byte[1_000_000]);

        var result = await store.SaveAsync(content, "zeros.mp4", sourceMediaId: null, CancellationToken.None);

        Assert.Equal(ServiceStatus.UnsupportedMediaType, result.Status);
        Assert.True(content.Position < content.Length, "the store should stop reading once the header is known to be wrong");
        Assert.Empty(Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void Stored_paths_outside_the_root_are_refused()
    {
        var objects = new FileSystemMediaObjects(Options.Create(new MediaOptions { Root = root }));
        MediaFile Media(string path) => new() { Kind = MediaKind.Video, FileName = "x", StoredPath = path, ContentType = "video/mp4", Sha256 = "00" };

        Assert.Equal(Path.Combine(root, "ab", "c.mp4"), objects.GetPath(Media(Path.Combine(root, "ab", "c.mp4"))));
        Assert.Null(objects.GetPath(Media("/etc/passwd")));
        Assert.Null(objects.GetPath(Media(Path.Combine(root, "..", "escape.mp4"))));
        Assert.Null(objects.OpenRead(Media("/etc/passwd")));
        Assert.Equal("clip.mp4", MediaStore.DisplayName("..\\..\\dir/clip.mp4", MediaSniffer.Mp4));
        Assert.Equal("upload.jpg", MediaStore.DisplayName("..", MediaSniffer.Jpeg));
    }

    private MediaStore Store(long maxBytes)
    {
        var options = Options.Create(new MediaOptions { Root = root, MaxBytes = maxBytes });
        // Never opened: the paths under test fail before the database is asked anything.
        var db = new AppDbContext(new DbContextOptionsBuilder<AppDbContext>().UseNpgsql("Host=unused.invalid").Options,
            new EphemeralDataProtectionProvider());
        return new MediaStore(db, options, new FileSystemMediaObjects(options), new DurationProbe(options, NullLogger<DurationProbe>.Instance), TimeProvider.System,
            NullLogger<MediaStore>.Instance);
    }

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
