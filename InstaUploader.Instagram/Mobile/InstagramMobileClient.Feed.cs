using System.Text.Json.Nodes;

namespace InstaUploader.Instagram.Mobile;

public sealed partial class InstagramMobileClient
{
    /// <summary>feed/timeline/: the home feed, as the app pulls it on open (warm-up).</summary>
    public async Task<IReadOnlyList<MobileMedia>> GetTimelineAsync(MobileSession session, CancellationToken ct = default)
    {
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["reason"] = "cold_start_fetch",
            ["is_pull_to_refresh"] = "0",
            ["is_prefetch"] = "0",
            ["_uuid"] = session.Device.Uuid,
            ["device_id"] = session.Device.AndroidDeviceId,
            ["phone_id"] = session.Device.PhoneId,
            ["battery_level"] = "100",
            ["is_charging"] = "1",
            ["timezone_offset"] = "0",
            ["bloks_versioning_id"] = _app.BloksVersionId,
        });
        var body = await SendAsync(RequireLogin(session), HttpMethod.Post, "api/v1/feed/timeline/", form, ct);
        return [.. (body["feed_items"] as JsonArray ?? [])
            .Select(item => item?["media_or_ad"])
            .OfType<JsonNode>()
            .Select(media => MobileJson.Read<WireMedia>(media, "media").ToModel())];
    }

    /// <summary>media/{id}/like/.</summary>
    public async Task LikeAsync(MobileSession session, string mediaId, CancellationToken ct = default)
    {
        await PostSignedAsync(RequireLogin(session), $"api/v1/media/{Uri.EscapeDataString(mediaId)}/like/", WithDevice(session, new JsonObject
        {
            ["inventory_source"] = "media_or_ad",
            ["media_id"] = mediaId,
            ["radio_type"] = "wifi-none",
            ["delivery_class"] = "organic",
            ["tap_source"] = "button",
            ["container_module"] = "feed_timeline",
            ["feed_position"] = RandomFeedPosition(),
        }), ct);
    }

    /// <summary>feed/reels_tray/: the stories row.</summary>
    public async Task<IReadOnlyList<MobileStoryReel>> GetReelsTrayAsync(MobileSession session, CancellationToken ct = default)
    {
        var body = await PostSignedAsync(RequireLogin(session), "api/v1/feed/reels_tray/", WithDevice(session, new JsonObject
        {
            ["supported_capabilities_new"] = "[{\"name\":\"SUPPORTED_SDK_VERSIONS\",\"value\":\"119.0,120.0,121.0\"}]",
            ["reason"] = "cold_start",
            ["timezone_offset"] = "0",
            ["tray_session_id"] = Guid.NewGuid().ToString(),
            ["request_id"] = Guid.NewGuid().ToString(),
            ["page_size"] = 50,
        }), ct);
        var reels = MobileJson.Read<List<WireReel>>(body["tray"] ?? new JsonArray(), "tray");
        return [.. reels.Where(r => r.User is not null).Select(r => new MobileStoryReel(
            r.User!.Pk, r.User.Username,
            [.. (r.Items ?? []).Select(i => new MobileStoryItem(i.Pk, i.Id ?? $"{i.Pk}_{r.User.Pk}", i.User?.Pk ?? r.User.Pk, DateTimeOffset.FromUnixTimeSeconds(i.TakenAt)))]))];
    }

    /// <summary>/api/v2/media/seen/?reel=1: marks stories as watched.</summary>
    public async Task MarkStoriesSeenAsync(MobileSession session, IEnumerable<MobileStoryItem> stories, CancellationToken ct = default)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var reels = new JsonObject();
        foreach (var story in stories)
        {
            var taken = story.TakenAt.ToUnixTimeSeconds();
            reels[$"{story.Pk}_{story.OwnerPk}_{story.OwnerPk}"] = new JsonArray($"{taken}_{Math.Max(taken, now)}");
        }

        await PostSignedAsync(RequireLogin(session), "api/v2/media/seen/?reel=1&live_vod=0", WithDevice(session, new JsonObject
        {
            ["container_module"] = "feed_timeline",
            ["live_vods_skipped"] = new JsonObject(),
            ["nuxes_skipped"] = new JsonObject(),
            ["nuxes"] = new JsonObject(),
            ["reels"] = reels,
            ["live_vods"] = new JsonObject(),
            ["reel_media_skipped"] = new JsonObject(),
        }), ct);
    }
}
