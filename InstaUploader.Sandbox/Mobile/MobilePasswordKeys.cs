using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace InstaUploader.Sandbox.Mobile;

/// <summary>
/// The Sandbox's password-encryption key pair, made at start: handed out in the
/// <c>ig-set-password-encryption-*</c> headers and used to open <c>#PWD_INSTAGRAM:4:</c> passwords at login
/// (the layout instagrapi's <c>password_encrypt</c> builds). Version 0 (clear text) is accepted only when
/// <see cref="SandboxOptions.MobileAcceptPlainPasswords"/> is on.
/// </summary>
public sealed class MobilePasswordKeys : IDisposable
{
    private const int IvSize = 12;
    private const int TagSize = 16;
    private const int SessionKeySize = 32;

    private readonly RSA _rsa = RSA.Create(2048);
    private readonly bool _acceptPlain;

    public MobilePasswordKeys(IOptions<SandboxOptions> options)
    {
        _acceptPlain = options.Value.MobileAcceptPlainPasswords;
        KeyId = RandomNumberGenerator.GetInt32(1, 256);
        PublicKeyBase64 = Convert.ToBase64String(Encoding.ASCII.GetBytes(_rsa.ExportSubjectPublicKeyInfoPem()));
    }

    /// <summary>The value of <c>ig-set-password-encryption-key-id</c> (one byte in the payload).</summary>
    public int KeyId { get; }

    /// <summary>The value of <c>ig-set-password-encryption-pub-key</c>: base64 of the PEM public key.</summary>
    public string PublicKeyBase64 { get; }

    public void SetHeaders(HttpResponse response)
    {
        response.Headers["ig-set-password-encryption-key-id"] = KeyId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers["ig-set-password-encryption-pub-key"] = PublicKeyBase64;
    }

    /// <summary>The password inside <c>enc_password</c>, or why it cannot be read.</summary>
    public PasswordOpening Open(string? encPassword)
    {
        var parts = encPassword?.Split(':', 4);
        if (parts is not { Length: 4 } || parts[0] != "#PWD_INSTAGRAM" || !long.TryParse(parts[2], out _))
        {
            return PasswordOpening.Fail(PasswordProblem.Malformed);
        }

        return parts[1] switch
        {
            "4" => OpenVersion4(parts[2], parts[3]),
            "0" when _acceptPlain => PasswordOpening.Ok(parts[3]),
            "0" => PasswordOpening.Fail(PasswordProblem.PlainRefused),
            _ => PasswordOpening.Fail(PasswordProblem.Malformed),
        };
    }

    private PasswordOpening OpenVersion4(string timestamp, string base64)
    {
        byte[] payload;
        try
        {
            payload = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            return PasswordOpening.Fail(PasswordProblem.Malformed);
        }

        const int header = 1 + 1 + IvSize + 2;
        if (payload.Length < header || payload[0] != 1)
        {
            return PasswordOpening.Fail(PasswordProblem.Malformed);
        }

        if (payload[1] != KeyId)
        {
            return PasswordOpening.Fail(PasswordProblem.UnknownKey);
        }

        var span = payload.AsSpan();
        var iv = span.Slice(2, IvSize);
        var rsaLength = BinaryPrimitives.ReadUInt16LittleEndian(span[(2 + IvSize)..]);
        if (payload.Length < header + rsaLength + TagSize)
        {
            return PasswordOpening.Fail(PasswordProblem.Malformed);
        }

        var rsaEncrypted = span.Slice(header, rsaLength);
        var tag = span.Slice(header + rsaLength, TagSize);
        var cipher = span[(header + rsaLength + TagSize)..];
        try
        {
            var sessionKey = _rsa.Decrypt(rsaEncrypted.ToArray(), RSAEncryptionPadding.Pkcs1);
            if (sessionKey.Length != SessionKeySize)
            {
                return PasswordOpening.Fail(PasswordProblem.Undecryptable);
            }

            var plain = new byte[cipher.Length];
            using var aes = new AesGcm(sessionKey, TagSize);
            aes.Decrypt(iv, cipher, tag, plain, Encoding.UTF8.GetBytes(timestamp));
            return PasswordOpening.Ok(Encoding.UTF8.GetString(plain));
        }
        catch (CryptographicException)
        {
            return PasswordOpening.Fail(PasswordProblem.Undecryptable);
        }
    }

    public void Dispose() => _rsa.Dispose();
}

public enum PasswordProblem
{
    None,

    /// <summary>Not <c>#PWD_INSTAGRAM:&lt;version&gt;:&lt;time&gt;:&lt;payload&gt;</c>, an unknown version, or a short payload.</summary>
    Malformed,

    /// <summary>Version 0 (clear text) while the Sandbox requires encryption.</summary>
    PlainRefused,

    /// <summary>Encrypted for a key id this server did not hand out.</summary>
    UnknownKey,

    /// <summary>The RSA or AES-GCM step failed (wrong key, tampered tag or ciphertext, other timestamp).</summary>
    Undecryptable,
}

public readonly record struct PasswordOpening(string? Password, PasswordProblem Problem)
{
    public static PasswordOpening Ok(string password) => new(password, PasswordProblem.None);

    public static PasswordOpening Fail(PasswordProblem problem) => new(null, problem);
}
