using System.Buffers.Binary;
using InstaUploader.Instagram.Mobile;
using InstaUploader.Sandbox;
using InstaUploader.Sandbox.Mobile;
using Microsoft.Extensions.Options;
using Xunit;

namespace InstaUploader.Tests.Instagram.Mobile;

/// <summary>enc_password version 4 as the client builds it and the Sandbox opens it (instagrapi's password_encrypt layout).</summary>
public sealed class MobilePasswordEncryptionTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private readonly MobilePasswordKeys _server = new(Options.Create(new SandboxOptions()));

    private MobilePasswordKey Key => new(_server.KeyId, _server.PublicKeyBase64);

    [Theory]
    [InlineData("s3cret!")]
    [InlineData("пароль with spaces: and colons ✓")]
    [InlineData("")]
    public void Round_trip_gives_back_the_password(string password)
    {
        var encrypted = MobilePasswordEncryption.Encrypt(password, Key, Now);

        Assert.StartsWith($"#PWD_INSTAGRAM:4:{Now.ToUnixTimeSeconds()}:", encrypted);
        var opened = _server.Open(encrypted);
        Assert.Equal(PasswordProblem.None, opened.Problem);
        Assert.Equal(password, opened.Password);
    }

    [Fact]
    public void Payload_has_the_instagrapi_layout()
    {
        var payload = Payload(MobilePasswordEncryption.Encrypt("abc", Key, Now));

        Assert.Equal(1, payload[0]);
        Assert.Equal(_server.KeyId, payload[1]);
        var rsaLength = BinaryPrimitives.ReadUInt16LittleEndian(payload.AsSpan(14));
        Assert.Equal(256, rsaLength);
        Assert.Equal(1 + 1 + 12 + 2 + rsaLength + 16 + 3, payload.Length);
    }

    [Fact]
    public void Two_encryptions_of_one_password_differ()
    {
        Assert.NotEqual(MobilePasswordEncryption.Encrypt("abc", Key, Now), MobilePasswordEncryption.Encrypt("abc", Key, Now));
    }

    [Fact]
    public void A_tampered_tag_is_rejected()
    {
        var encrypted = MobilePasswordEncryption.Encrypt("abc", Key, Now);
        var payload = Payload(encrypted);
        payload[16 + 256] ^= 0x01;

        var opened = _server.Open(WithPayload(encrypted, payload));

        Assert.Equal(PasswordProblem.Undecryptable, opened.Problem);
        Assert.Null(opened.Password);
    }

    [Fact]
    public void A_changed_timestamp_is_rejected_because_it_is_the_associated_data()
    {
        var encrypted = MobilePasswordEncryption.Encrypt("abc", Key, Now);
        var parts = encrypted.Split(':', 4);

        var opened = _server.Open($"{parts[0]}:4:{long.Parse(parts[2]) + 1}:{parts[3]}");

        Assert.Equal(PasswordProblem.Undecryptable, opened.Problem);
    }

    [Fact]
    public void A_wrong_key_id_is_rejected()
    {
        var otherId = _server.KeyId % 255 + 1;

        var opened = _server.Open(MobilePasswordEncryption.Encrypt("abc", Key with { KeyId = otherId }, Now));

        Assert.Equal(PasswordProblem.UnknownKey, opened.Problem);
    }

    [Fact]
    public void Another_servers_key_is_undecryptable_even_under_the_right_id()
    {
        using var other = new MobilePasswordKeys(Options.Create(new SandboxOptions()));

        var opened = _server.Open(MobilePasswordEncryption.Encrypt("abc", new MobilePasswordKey(_server.KeyId, other.PublicKeyBase64), Now));

        Assert.Equal(PasswordProblem.Undecryptable, opened.Problem);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("#PWD_INSTAGRAM:4:1700000000")]
    [InlineData("#PWD_INSTAGRAM:4:1700000000:not base64!")]
    [InlineData("#PWD_INSTAGRAM:4:1700000000:AQID")]
    [InlineData("#PWD_INSTAGRAM:9:1700000000:AQID")]
    [InlineData("#PWD_INSTAGRAM_BROWSER:0:1700000000:pw")]
    public void Malformed_values_are_rejected(string value)
    {
        Assert.Equal(PasswordProblem.Malformed, _server.Open(value).Problem);
    }

    [Fact]
    public void Clear_text_version_0_is_refused_unless_the_Sandbox_is_configured_for_it()
    {
        using var lenient = new MobilePasswordKeys(Options.Create(new SandboxOptions { MobileAcceptPlainPasswords = true }));

        Assert.Equal(PasswordProblem.PlainRefused, _server.Open("#PWD_INSTAGRAM:0:1700000000:pw").Problem);
        Assert.Equal("pw", lenient.Open("#PWD_INSTAGRAM:0:1700000000:pw").Password);
    }

    [Fact]
    public void A_key_that_is_not_a_PEM_public_key_is_an_Instagram_error()
    {
        Assert.Throws<InstaUploader.Instagram.Mobile.InstagramApiException>(() =>
            MobilePasswordEncryption.Encrypt("abc", new MobilePasswordKey(1, Convert.ToBase64String("nope"u8.ToArray())), Now));
    }

    public void Dispose() => _server.Dispose();

    private static byte[] Payload(string encrypted) => Convert.FromBase64String(encrypted.Split(':', 4)[3]);

    private static string WithPayload(string encrypted, byte[] payload)
    {
        var parts = encrypted.Split(':', 4);
        return $"{parts[0]}:{parts[1]}:{parts[2]}:{Convert.ToBase64String(payload)}";
    }
}
