using System.Text.Json.Serialization;

namespace InstaUploader.Instagram.Mobile;

/// <summary>
/// Instagram's password-encryption key as its headers give it: <c>ig-set-password-encryption-key-id</c> (0–255) and
/// <c>ig-set-password-encryption-pub-key</c> (base64 of a PEM RSA public key).
/// </summary>
public sealed record MobilePasswordKey(
    [property: JsonPropertyName("key_id")] int KeyId,
    [property: JsonPropertyName("public_key")] string PublicKeyBase64)
{
    public const string KeyIdHeader = "ig-set-password-encryption-key-id";
    public const string PublicKeyHeader = "ig-set-password-encryption-pub-key";

    /// <summary>The key both headers of <paramref name="response"/> carry, or null when one is missing or unreadable.</summary>
    internal static MobilePasswordKey? From(HttpResponseMessage response) =>
        response.Headers.TryGetValues(KeyIdHeader, out var ids) && response.Headers.TryGetValues(PublicKeyHeader, out var keys)
        && int.TryParse(ids.FirstOrDefault(), out var id) && id is >= 0 and <= byte.MaxValue
        && keys.FirstOrDefault() is { Length: > 0 } key
            ? new MobilePasswordKey(id, key)
            : null;
}
