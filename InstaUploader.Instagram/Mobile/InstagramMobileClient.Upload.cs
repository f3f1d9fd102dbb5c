using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace InstaUploader.Instagram.Mobile;

public sealed partial class InstagramMobileClient
{
    /// <summary>
    /// Publishes a Reel the way the app does: rupload the video (resuming from what the server already has),
    /// rupload the cover under the same upload_id, media/upload_finish/, then media/configure_to_clips/.
    /// A dropped connection surfaces as <see cref="UploadFailedException"/>; retry the whole call.
    /// </summary>
    public async Task<MobileMedia> UploadClipAsync(MobileSession session, ClipUpload clip, CancellationToken ct = default)
    {
        RequireLogin(session);
        var video = await VideoTools.ProbeAsync(clip.VideoPath, ct);
        var uploadId = clip.UploadId ?? NewUploadId();
        await SendUploadSettingsAsync(session, clip.VideoPath, video, ct);
        await UploadVideoAsync(session, clip.VideoPath, uploadId, video, ct);

        var cover = clip.ThumbnailPath is { } thumbnail
            ? await File.ReadAllBytesAsync(thumbnail, ct)
            : await VideoTools.ExtractFrameAsync(clip.VideoPath, ct) ?? VideoTools.PlainCoverJpeg;
        await UploadPhotoAsync(session, cover, uploadId, ct);

        await FinishUploadAsync(session, uploadId, video, ct);
        return await ConfigureClipAsync(session, uploadId, video, clip.Caption, clip.Location, clip.Usertags, ct);
    }

    /// <summary>The Reels composer first posts its encoder settings to /upload_settings/{composer_session_id}.</summary>
    private async Task SendUploadSettingsAsync(MobileSession session, string path, VideoInfo video, CancellationToken ct)
    {
        var composerSessionId = Guid.NewGuid().ToString();
        var settings = new JsonObject
        {
            ["composer_session_id"] = composerSessionId,
            ["upload_setting_properties"] = new JsonObject
            {
                ["upload_settings_version"] = "v0.1",
                ["context"] = new JsonObject { ["source_type"] = "clips", ["target_id"] = session.UserPk },
                ["video"] = new JsonObject
                {
                    ["video_width"] = video.Width,
                    ["video_height"] = video.Height,
                    ["video_duration_milliseconds"] = video.DurationMs,
                    ["video_original_file_size"] = new FileInfo(path).Length,
                    ["video_fps"] = 30,
                },
            },
            ["preview_spec"] = new JsonObject { ["spec_version"] = 1, ["video_dur_ms"] = video.DurationMs, ["audio_dur_ms"] = video.DurationMs },
        }.ToJsonString();
        var length = System.Text.Encoding.UTF8.GetByteCount(settings);
        var content = new StringContent(settings, System.Text.Encoding.UTF8, "application/json");
        await UploadStepAsync(session, HttpMethod.Post, $"upload_settings/{composerSessionId}", content, request =>
        {
            request.Headers.TryAddWithoutValidation("Offset", "0");
            request.Headers.TryAddWithoutValidation("X-Entity-Name", "upload_settings");
            request.Headers.TryAddWithoutValidation("X-Entity-Length", length.ToString());
            request.Headers.TryAddWithoutValidation("X-Entity-Type", "application/json");
            request.Headers.TryAddWithoutValidation("X_FB_VIDEO_WATERFALL_ID", $"{composerSessionId}_settings");
        }, ct);
    }

    /// <summary>POST /rupload_igvideo/{name}; returns once the server holds all bytes of <paramref name="uploadId"/>.</summary>
    public async Task UploadVideoAsync(MobileSession session, string path, string uploadId, VideoInfo video, CancellationToken ct = default)
    {
        RequireLogin(session);
        var length = new FileInfo(path).Length;
        var name = $"{Guid.NewGuid():N}-0-{length}-{uploadId}-{uploadId}";
        var parameters = new JsonObject
        {
            ["upload_media_height"] = video.Height.ToString(),
            ["upload_media_width"] = video.Width.ToString(),
            ["upload_media_duration_ms"] = video.DurationMs.ToString(),
            ["share_type"] = "reels",
            ["is_clips_video"] = "1",
            ["extract_cover_frame"] = "1",
            ["content_tags"] = "use_default_cover",
            ["xsharing_user_ids"] = "[]",
            ["upload_id"] = uploadId,
            ["retry_context"] = "{\"num_reupload\":0,\"num_step_manual_retry\":0,\"num_step_auto_retry\":0}",
            ["media_type"] = "2",
        }.ToJsonString();
        var waterfall = $"{Guid.NewGuid()}_{uploadId}_Mixed_0";

        void Common(HttpRequestMessage request)
        {
            request.Headers.TryAddWithoutValidation("X-Instagram-Rupload-Params", parameters);
            request.Headers.TryAddWithoutValidation("X_FB_VIDEO_WATERFALL_ID", waterfall);
            request.Headers.TryAddWithoutValidation("X-Entity-Type", "video/mp4");
            request.Headers.TryAddWithoutValidation("Segment-Start-Offset", "0");
            request.Headers.TryAddWithoutValidation("Segment-Type", "3");
        }

        var probe = await UploadStepAsync(session, HttpMethod.Get, $"rupload_igvideo/{name}", null, Common, ct);
        var offset = long.TryParse(probe["offset"]?.ToString(), out var have) && have > 0 && have <= length ? have : 0;
        if (offset == length)
        {
            return;
        }

        await using var file = File.OpenRead(path);
        file.Seek(offset, SeekOrigin.Begin);
        var content = new StreamContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Headers.ContentLength = length - offset;
        await UploadStepAsync(session, HttpMethod.Post, $"rupload_igvideo/{name}", content, request =>
        {
            Common(request);
            request.Headers.TryAddWithoutValidation("Offset", offset.ToString());
            request.Headers.TryAddWithoutValidation("X-Entity-Name", name);
            request.Headers.TryAddWithoutValidation("X-Entity-Length", length.ToString());
        }, ct);
    }

    /// <summary>POST /rupload_igphoto/{name}: a cover (same upload_id as its video) or a standalone photo.</summary>
    public async Task UploadPhotoAsync(MobileSession session, byte[] jpeg, string uploadId, CancellationToken ct = default)
    {
        RequireLogin(session);
        var name = $"{uploadId}_0_{RandomNumberGenerator.GetInt32(1_000_000_000, int.MaxValue)}";
        var parameters = new JsonObject
        {
            ["retry_context"] = "{\"num_step_auto_retry\":0,\"num_reupload\":0,\"num_step_manual_retry\":0}",
            ["media_type"] = "1",
            ["xsharing_user_ids"] = "[]",
            ["upload_id"] = uploadId,
            ["image_compression"] = "{\"lib_name\":\"moz\",\"lib_version\":\"3.1.m\",\"quality\":\"80\"}",
        }.ToJsonString();
        var content = new ByteArrayContent(jpeg);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        await UploadStepAsync(session, HttpMethod.Post, $"rupload_igphoto/{name}", content, request =>
        {
            request.Headers.TryAddWithoutValidation("X-Instagram-Rupload-Params", parameters);
            request.Headers.TryAddWithoutValidation("X_FB_PHOTO_WATERFALL_ID", Guid.NewGuid().ToString());
            request.Headers.TryAddWithoutValidation("X-Entity-Type", "image/jpeg");
            request.Headers.TryAddWithoutValidation("Offset", "0");
            request.Headers.TryAddWithoutValidation("X-Entity-Name", name);
            request.Headers.TryAddWithoutValidation("X-Entity-Length", jpeg.Length.ToString());
        }, ct);
    }

    public async Task FinishUploadAsync(MobileSession session, string uploadId, VideoInfo video, CancellationToken ct = default)
    {
        var seconds = video.DurationMs / 1000.0;
        await PostSignedAsync(RequireLogin(session), "api/v1/media/upload_finish/?video=1", WithDevice(session, new JsonObject
        {
            ["timezone_offset"] = "0",
            ["upload_id"] = uploadId,
            ["source_type"] = "4",
            ["clips"] = new JsonArray(new JsonObject { ["length"] = seconds, ["source_type"] = "4" }),
            ["length"] = seconds,
            ["poster_frame_index"] = 0,
            ["audio_muted"] = false,
        }), ct);
    }

    /// <summary>
    /// media/configure_to_clips/: publishes an uploaded video with its caption, location and tags. Instagram
    /// answers a repeated configure of the same upload_id with the same media, so this is safe to retry.
    /// </summary>
    public async Task<MobileMedia> ConfigureClipAsync(
        MobileSession session, string uploadId, VideoInfo video, string caption, MobileLocation? location,
        IReadOnlyList<MobileUsertag>? usertags, CancellationToken ct = default)
    {
        var seconds = video.DurationMs / 1000.0;
        var tags = new JsonArray([.. (usertags ?? []).Select(t => (JsonNode)new JsonObject
        {
            ["user_id"] = t.UserPk.ToString(),
            ["position"] = new JsonArray(t.X, t.Y),
        })]);
        var data = WithDevice(RequireLogin(session), new JsonObject
        {
            ["filter_type"] = "0",
            ["timezone_offset"] = "0",
            ["media_folder"] = "Camera",
            ["location"] = LocationJson(location),
            ["source_type"] = "4",
            ["caption"] = caption,
            ["usertags"] = new JsonObject { ["in"] = tags }.ToJsonString(),
            ["date_time_original"] = time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'.000Z'", System.Globalization.CultureInfo.InvariantCulture),
            ["clips_share_preview_to_feed"] = "1",
            ["upload_id"] = uploadId,
            ["device"] = DeviceJson(session.DeviceProfile(_app)),
            ["length"] = seconds,
            ["clips"] = new JsonArray(new JsonObject { ["length"] = seconds, ["source_type"] = "4" }),
            ["extra"] = new JsonObject { ["source_width"] = video.Width, ["source_height"] = video.Height },
            ["audio_muted"] = false,
            ["poster_frame_index"] = 0,
        });
        var body = await UntilTranscodedAsync(() => PostSignedAsync(session, "api/v1/media/configure_to_clips/?video=1", data, ct), ct);
        return MobileJson.Read<WireMedia>(body["media"], "media").ToModel();
    }

    /// <summary>Asks again while Instagram is still transcoding (202), instead of failing and uploading the video again.</summary>
    private async Task<JsonObject> UntilTranscodedAsync(Func<Task<JsonObject>> configure, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await configure();
            }
            catch (TranscodePendingException) when (attempt < _transcodePollAttempts)
            {
                await Task.Delay(_transcodePollInterval, time, ct);
            }
        }
    }

    /// <summary>The device profile configure_to_clips carries (instagrapi mixins/auth.py:922-927: manufacturer, model, Android version and release).</summary>
    private static JsonObject DeviceJson(MobileDeviceProfile device) => new()
    {
        ["android_version"] = device.AndroidVersion,
        ["android_release"] = device.AndroidRelease,
        ["manufacturer"] = device.Manufacturer,
        ["model"] = device.Model,
    };

    /// <summary>Upload ids are the client's clock in milliseconds, as the app makes them.</summary>
    public string NewUploadId() => time.GetUtcNow().ToUnixTimeMilliseconds().ToString();

    private static string LocationJson(MobileLocation? location) => location is null
        ? "{}"
        : new JsonObject
        {
            ["name"] = location.Name,
            ["address"] = location.Address,
            ["lat"] = location.Lat,
            ["lng"] = location.Lng,
            ["external_source"] = location.ExternalSource,
            ["facebook_places_id"] = location.ExternalId,
        }.ToJsonString();

    /// <summary>Upload traffic: a broken connection means the bytes may not have arrived, which is retryable.</summary>
    private async Task<JsonObject> UploadStepAsync(
        MobileSession session, HttpMethod method, string path, HttpContent? content, Action<HttpRequestMessage> configure, CancellationToken ct)
    {
        try
        {
            return (await SendRawAsync(session, method, path, content, configure, ct)).EnsureOk();
        }
        catch (InstagramApiException e) when (e.StatusCode is null)
        {
            throw new UploadFailedException($"The upload connection broke ({method} /{path.Split('/')[0]}).", e);
        }
    }
}
