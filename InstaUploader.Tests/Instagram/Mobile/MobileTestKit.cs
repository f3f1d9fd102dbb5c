using System.Security.Cryptography;
using InstaUploader.Instagram;
using InstaUploader.Instagram.Mobile;
using Microsoft.Extensions.Options;

namespace InstaUploader.Tests.Instagram.Mobile;

/// <summary>Builds the mobile client against the Sandbox and the files tests upload.</summary>
internal static class MobileTestKit
{
    /// <summary>The client over the same routing handler the DI registration uses (sessions with a proxy go through it).</summary>
    public static InstagramMobileClient Client(SandboxFixture sandbox) => new(
        new HttpClient(new MobileProxyRoutingHandler()) { Timeout = TimeSpan.FromSeconds(30) },
        Options.Create(new InstagramOptions { ApiBaseUrl = sandbox.BaseUrl }),
        TimeProvider.System);

    /// <summary>A file of random bytes behind an MP4 "ftyp" box; the Sandbox hashes what it receives.</summary>
    public static string Video(int bytes = 300_000)
    {
        var path = Path.Combine(Path.GetTempPath(), $"clip-{Guid.NewGuid():N}.mp4");
        var data = RandomNumberGenerator.GetBytes(bytes);
        "\0\0\0\u0018ftypmp42"u8.CopyTo(data);
        File.WriteAllBytes(path, data);
        return path;
    }

    public static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    /// <summary>A JPEG-looking file with random content, so two avatars never hash alike.</summary>
    public static string Image()
    {
        var path = Path.Combine(Path.GetTempPath(), $"img-{Guid.NewGuid():N}.jpg");
        var data = RandomNumberGenerator.GetBytes(2_000);
        data[0] = 0xFF;
        data[1] = 0xD8;
        File.WriteAllBytes(path, data);
        return path;
    }

    /// <summary>Logs a fresh account in; returns the session.</summary>
    public static async Task<(InstagramMobileClient Client, MobileSession Session, string Username, long Pk)> LoggedInAsync(
        SandboxFixture sandbox, string prefix)
    {
        var username = SandboxFixture.UniqueName(prefix);
        var pk = await sandbox.RegisterAccountAsync(username, "s3cret!");
        var client = Client(sandbox);
        var session = await client.LoginAsync(new MobileCredentials(username, "s3cret!"));
        return (client, session, username, pk);
    }
}
