using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace InstaUploader.Instagram.Mobile;

/// <summary>
/// <c>#PWD_INSTAGRAM:4:&lt;time&gt;:&lt;payload&gt;</c>, as the app and instagrapi's <c>password_encrypt</c> build it: a random
/// AES-256-GCM session key encrypts the password (the timestamp is the associated data) and Instagram's RSA key
/// encrypts the session key (PKCS#1 v1.5). Payload = base64(0x01 | key id | iv(12) | rsa length (2, little-endian)
/// | rsa bytes | tag(16) | ciphertext).
/// </summary>
public static class MobilePasswordEncryption
{
    public const string Prefix = "#PWD_INSTAGRAM";
    public const byte PayloadVersion = 1;
    public const int SessionKeySize = 32;
    public const int IvSize = 12;
    public const int TagSize = 16;

    public static string Encrypt(string password, MobilePasswordKey key, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(key);
        if (key.KeyId is < 0 or > byte.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(key), key.KeyId, "The key id must fit in one byte.");
        }

        using var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(Encoding.ASCII.GetString(Convert.FromBase64String(key.PublicKeyBase64)));
        }
        catch (Exception e) when (e is FormatException or ArgumentException or CryptographicException)
        {
            throw new InstagramApiException($"Instagram's password-encryption key {key.KeyId} is not a PEM RSA public key.", e);
        }

        var timestamp = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var sessionKey = RandomNumberGenerator.GetBytes(SessionKeySize);
        var iv = RandomNumberGenerator.GetBytes(IvSize);
        var rsaEncrypted = rsa.Encrypt(sessionKey, RSAEncryptionPadding.Pkcs1);

        var plain = Encoding.UTF8.GetBytes(password);
        var cipher = new byte[plain.Length];
        var tag = new byte[TagSize];
        using (var aes = new AesGcm(sessionKey, TagSize))
        {
            aes.Encrypt(iv, plain, cipher, tag, Encoding.UTF8.GetBytes(timestamp));
        }

        CryptographicOperations.ZeroMemory(sessionKey);
        CryptographicOperations.ZeroMemory(plain);

        var payload = new byte[1 + 1 + IvSize + 2 + rsaEncrypted.Length + TagSize + cipher.Length];
        var span = payload.AsSpan();
        span[0] = PayloadVersion;
        span[1] = (byte)key.KeyId;
        iv.CopyTo(span[2..]);
        BinaryPrimitives.WriteUInt16LittleEndian(span[(2 + IvSize)..], checked((ushort)rsaEncrypted.Length));
        var offset = 2 + IvSize + 2;
        rsaEncrypted.CopyTo(span[offset..]);
        offset += rsaEncrypted.Length;
        tag.CopyTo(span[offset..]);
        cipher.CopyTo(span[(offset + TagSize)..]);

        return $"{Prefix}:4:{timestamp}:{Convert.ToBase64String(payload)}";
    }
}
