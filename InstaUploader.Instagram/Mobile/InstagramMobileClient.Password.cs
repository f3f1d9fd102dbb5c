namespace InstaUploader.Instagram.Mobile;

public sealed partial class InstagramMobileClient
{
    /// <summary>
    /// Instagram's password-encryption key: the one a response already set on the session, else what
    /// <c>GET /api/v1/qe/sync/</c> answers with (instagrapi's <c>password_publickeys</c>). Kept on the session.
    /// </summary>
    private async Task<MobilePasswordKey> PasswordKeyAsync(MobileSession session, CancellationToken ct)
    {
        if (session.PasswordKey is { } known)
        {
            return known;
        }

        var response = await SendRawAsync(session, HttpMethod.Get, "api/v1/qe/sync/", content: null, configure: null, ct);
        return session.PasswordKey
               ?? throw new InstagramApiException(
                   $"Instagram's qe/sync answered {(int)response.StatusCode} without the password-encryption key headers.",
                   response.StatusCode, response.Json?["error_type"]?.ToString());
    }

    private async Task<string> EncryptPasswordAsync(MobileSession session, string password, CancellationToken ct) =>
        MobilePasswordEncryption.Encrypt(password, await PasswordKeyAsync(session, ct), time.GetUtcNow());
}
