using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InstaUploader.Instagram;
using InstaUploader.Instagram.Mobile;
using Xunit;

namespace InstaUploader.Tests.Instagram.Mobile;

/// <summary>
/// The Sandbox refuses what the app never sends (docs/instagram-protocol.md, "Sandbox strictness"): unsigned bodies
/// where the app signs, rupload headers that disagree with the upload, a Reel without its cover, a challenge read
/// with a context the server did not issue.
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class MobileStrictnessTests(SandboxFixture sandbox)
{
    [Fact]
    public async Task An_unsigned_form_is_refused_where_the_app_signs_and_changes_nothing()
    {
        var (_, session, username, _) = await MobileTestKit.LoggedInAsync(sandbox, "unsig");
        using var request = AppRequest(session, HttpMethod.Post, "api/v1/accounts/set_biography/");
        request.Content = new FormUrlEncodedContent([new("raw_text", "unsigned"), new("_uuid", session.Device.Uuid)]);

        using var response = await sandbox.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_parameters", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error_type").GetString());
        Assert.NotEqual("unsigned", (await sandbox.AccountAsync(username)).GetProperty("biography").GetString());
    }

    [Theory]
    [InlineData("name", "invalid_entity_name")]
    [InlineData("length", "entity_length_mismatch")]
    [InlineData("type", "invalid_entity_type")]
    [InlineData("media_type", "invalid_rupload_params")]
    [InlineData("none", null)]
    public async Task Rupload_headers_must_agree_with_the_upload(string flaw, string? errorType)
    {
        var (_, session, _, _) = await MobileTestKit.LoggedInAsync(sandbox, "rup");
        var uploadId = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString();
        var name = $"{uploadId}_0_{Random.Shared.Next(1_000_000_000, int.MaxValue)}";
        var bytes = await File.ReadAllBytesAsync(MobileTestKit.Image());
        using var request = AppRequest(session, HttpMethod.Post, $"rupload_igphoto/{name}");
        request.Content = new ByteArrayContent(bytes);
        var parameters = flaw == "media_type" ? $"{{\"upload_id\":\"{uploadId}\"}}" : $"{{\"upload_id\":\"{uploadId}\",\"media_type\":\"1\"}}";
        request.Headers.TryAddWithoutValidation("X-Instagram-Rupload-Params", parameters);
        request.Headers.TryAddWithoutValidation("Offset", "0");
        request.Headers.TryAddWithoutValidation("X-Entity-Name", flaw == "name" ? name + "x" : name);
        request.Headers.TryAddWithoutValidation("X-Entity-Length", (flaw == "length" ? bytes.Length + 1 : bytes.Length).ToString());
        if (flaw != "type")
        {
            request.Headers.TryAddWithoutValidation("X-Entity-Type", "image/jpeg");
        }

        using var response = await sandbox.Http.SendAsync(request);

        if (errorType is null)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return;
        }

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(errorType, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error_type").GetString());
    }

    [Fact]
    public async Task A_reel_is_not_configured_before_its_cover_is_uploaded()
    {
        var (client, session, username, _) = await MobileTestKit.LoggedInAsync(sandbox, "nocov");
        var info = new VideoInfo(1080, 1920, 3_000);
        var uploadId = client.NewUploadId();
        await client.UploadVideoAsync(session, MobileTestKit.Video(50_000), uploadId, info);

        var error = await Assert.ThrowsAnyAsync<InstagramApiException>(() => client.ConfigureClipAsync(session, uploadId, info, "no cover", null, null));

        Assert.Equal("cover_photo_missing", error.ErrorType);
        Assert.Empty(await sandbox.PostsAsync(username));
    }

    [Fact]
    public async Task A_challenge_read_with_a_context_the_server_did_not_issue_is_refused()
    {
        var username = SandboxFixture.UniqueName("ctx");
        var pk = await sandbox.RegisterAccountAsync(username, "pw", email: $"{username}@example.com",
            faults: new InstaUploader.Sandbox.State.SandboxFaults { Challenge = true });
        var client = MobileTestKit.Client(sandbox);
        await Assert.ThrowsAsync<ChallengeRequiredException>(() => client.LoginAsync(new MobileCredentials(username, "pw")));
        var nonce = sandbox.Store.Mobile.Challenges.Single(c => c.Value.Username == username).Key;
        var session = MobileSession.Create();
        var invented = JsonSerializer.Serialize(new { step_name = "", nonce_code = nonce, user_id = pk, is_stateless = false });

        using var request = AppRequest(session, HttpMethod.Get, $"api/v1/challenge/{pk}/{nonce}/?challenge_context={Uri.EscapeDataString(invented)}");
        using var response = await sandbox.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_challenge_context", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error_type").GetString());
    }

    private static HttpRequestMessage AppRequest(MobileSession session, HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        var app = MobileAppIdentity.Embedded();
        request.Headers.TryAddWithoutValidation("User-Agent", app.UserAgent(session.DeviceProfile(app)));
        request.Headers.TryAddWithoutValidation("X-Bloks-Version-Id", app.BloksVersionId);
        if (session.Authorization is { } authorization)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return request;
    }
}
