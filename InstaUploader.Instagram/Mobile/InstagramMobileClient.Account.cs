using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace InstaUploader.Instagram.Mobile;

public sealed partial class InstagramMobileClient
{
    /// <summary>Uploads the image (rupload_igphoto) and makes it the profile picture (accounts/change_profile_picture/).</summary>
    public async Task<MobileAccount> ChangeAvatarAsync(MobileSession session, string imagePath, CancellationToken ct = default)
    {
        var jpeg = await File.ReadAllBytesAsync(imagePath, ct);
        var uploadId = NewUploadId();
        await UploadPhotoAsync(RequireLogin(session), jpeg, uploadId, ct);
        var body = await PostSignedAsync(session, "api/v1/accounts/change_profile_picture/",
            WithDevice(session, new JsonObject { ["use_fbuploader"] = true, ["upload_id"] = uploadId }), ct);
        return MobileJson.Read<WireUser>(body["user"], "user").ToAccount();
    }

    /// <summary>accounts/set_biography/ (the app's bio editor, which also parses @mentions and #tags).</summary>
    public async Task SetBiographyAsync(MobileSession session, string biography, CancellationToken ct = default)
    {
        await PostSignedAsync(RequireLogin(session), "api/v1/accounts/set_biography/", WithDevice(session, new JsonObject
        {
            ["logged_in_uids"] = new JsonArray(session.UserPk.ToString()).ToJsonString(),
            ["raw_text"] = biography,
        }), ct);
    }

    /// <summary>accounts/update_bio_links/: the link shown on the profile (what used to be external_url).</summary>
    public async Task<MobileAccount> SetExternalUrlAsync(MobileSession session, Uri url, CancellationToken ct = default)
    {
        var links = new JsonArray(new JsonObject { ["url"] = url.ToString(), ["title"] = "", ["link_type"] = "external" });
        var body = await PostSignedAsync(RequireLogin(session), "api/v1/accounts/update_bio_links/",
            new JsonObject { ["updated_links"] = links.ToJsonString(), ["_uid"] = session.UserPk, ["_uuid"] = session.Device.Uuid }, ct);
        return body["user"] is { } user ? MobileJson.Read<WireUser>(user, "user").ToAccount() : await GetCurrentUserAsync(session, ct);
    }

    /// <summary>Looks the user up (usernameinfo) and follows them; true when now following.</summary>
    public async Task<bool> FollowAsync(MobileSession session, string username, CancellationToken ct = default)
    {
        var target = await GetProfileAsync(session, username, ct);
        var body = await PostSignedAsync(session, $"api/v1/friendships/create/{target.Pk}/", WithUser(session, new JsonObject
        {
            ["user_id"] = target.Pk.ToString(),
            ["radio_type"] = "wifi-none",
            ["include_follow_friction_check"] = "1",
            ["container_module"] = "profile",
        }), ct);
        return body["friendship_status"]?["following"]?.GetValue<bool>() == true
               || body["friendship_status"]?["outgoing_request"]?.GetValue<bool>() == true;
    }

    private static string RandomFeedPosition() => RandomNumberGenerator.GetInt32(0, 7).ToString();
}
