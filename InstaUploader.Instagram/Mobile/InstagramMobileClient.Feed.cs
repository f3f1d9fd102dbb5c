using System.Text.Json.Nodes;

namespace InstaUploader.Instagram.Mobile;

public sealed partial class InstagramMobileClient
{
    /// <summary>feed/timeline/: the home feed, as the app pulls it on open (warm-up).</summary>
    public async Task<IReadOnlyList<MobileMedia>> GetTimelineAsync(MobileSession session, CancellationToken ct = default)
    {
        // The app posts the timeline request as bare JSON under the form content type, unsigned, with its ads and
        // bandwidth headers (instagrapi mixins/auth.py:331-389 get_timeline_feed).
        var now = time.GetUtcNow().ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var device = session.Device;
        var data = new JsonObject
        {
            ["app_start_time"] = now,
            ["has_camera_permission"] = "1",
            ["feed_view_info"] = "[]",
            ["client_recorded_request_time_ms"] = now,
            ["client_seen_store_media_list"] = "",
            ["client_view_state_media_list"] = "[]",
            ["device_timezone_name"] = "UTC",
            ["feed_reshare_info"] = "",
            ["phone_id"] = device.PhoneId,
            ["reason"] = "cold_start_fetch",
            ["battery_level"] = 100,
            ["timezone_offset"] = "0",
            ["device_id"] = device.Uuid,
            ["include_attribution_ui_data"] = "true",
            ["push_disabled"] = "false",
            ["request_id"] = Guid.NewGuid().ToString(),
            ["request_build_time"] = now,
            ["_uuid"] = device.Uuid,
            ["is_charging"] = 1,
            ["is_dark_mode"] = 1,
            ["will_sound_on"] = 0,
            ["session_id"] = device.ClientSessionId,
            ["session_level_signals"] = "{}",
            ["bloks_versioning_id"] = _app.BloksVersionId,
            ["is_pull_to_refresh"] = "0",
        };
        var form = new StringContent(data.ToJsonString(), System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");
        var response = await SendRawAsync(RequireLogin(session), HttpMethod.Post, "api/v1/feed/timeline/", form, request =>
        {
            request.Headers.TryAddWithoutValidation("X-Ads-Opt-Out", "0");
            request.Headers.TryAddWithoutValidation("X-DEVICE-ID", device.Uuid);
            request.Headers.TryAddWithoutValidation("X-CM-Bandwidth-KBPS", "-1.000");
            request.Headers.TryAddWithoutValidation("X-CM-Latency", "1");
        }, ct);
        var body = response.EnsureOk();
        return [.. (body["feed_items"] as JsonArray ?? [])
            .Select(item => item?["media_or_ad"])
            .OfType<JsonNode>()
            .Select(media => MobileJson.Read<WireMedia>(media, "media").ToModel())];
    }

    /// <summary>media/{id}/like/.</summary>
    public async Task LikeAsync(MobileSession session, string mediaId, CancellationToken ct = default)
    {
        await PostSignedAsync(RequireLogin(session), $"api/v1/media/{Uri.EscapeDataString(mediaId)}/like/", WithUser(session, new JsonObject
        {
            ["inventory_source"] = "media_or_ad",
            ["media_id"] = mediaId,
            ["radio_type"] = "wifi-none",
            ["delivery_class"] = "organic",
            ["tap_source"] = "button",
            ["is_2m_enabled"] = "false",
            ["is_from_swipe"] = "false",
            ["is_carousel_bumped_post"] = "false",
            ["floating_context_items"] = "[]",
            ["media_pct_watched"] = "0",
            ["container_module"] = "feed_timeline",
            ["feed_position"] = RandomFeedPosition(),
        }), ct);
    }

    /// <summary>feed/reels_tray/: the stories row.</summary>
    public async Task<IReadOnlyList<MobileStoryReel>> GetReelsTrayAsync(MobileSession session, CancellationToken ct = default)
    {
        var body = await PostSignedAsync(RequireLogin(session), "api/v1/feed/reels_tray/", new JsonObject
        {
            ["_uuid"] = session.Device.Uuid,
            ["reel_tray_impressions"] = new JsonObject(),
            ["supported_capabilities_new"] = "[{\"name\":\"SUPPORTED_SDK_VERSIONS\",\"value\":\"119.0,120.0,121.0\"}]",
            ["reason"] = "cold_start",
            ["timezone_offset"] = "0",
            ["tray_session_id"] = Guid.NewGuid().ToString(),
            ["request_id"] = Guid.NewGuid().ToString(),
            ["page_size"] = 50,
        }, ct);
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

        await PostSignedAsync(RequireLogin(session), "api/v2/media/seen/?reel=1&live_vod=0", WithUser(session, new JsonObject
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
