using System.Text.Json.Nodes;

namespace InstaUploader.Instagram.Mobile;

public sealed partial class InstagramMobileClient
{
    /// <summary>users/{username}/usernameinfo/.</summary>
    public async Task<MobileProfile> GetProfileAsync(MobileSession session, string username, CancellationToken ct = default)
    {
        var body = await GetAsync(RequireLogin(session), $"api/v1/users/{Uri.EscapeDataString(username.TrimStart('@'))}/usernameinfo/", ct);
        return MobileJson.Read<WireUser>(body["user"], "user").ToProfile();
    }

    /// <summary>feed/user/{pk}/, following next_max_id until <paramref name="amount"/> posts (newest first).</summary>
    public async Task<IReadOnlyList<MobileMedia>> GetRecentPostsAsync(MobileSession session, long userPk, int amount = 12, CancellationToken ct = default)
    {
        var posts = new List<MobileMedia>();
        string? maxId = null;
        do
        {
            var query = $"api/v1/feed/user/{userPk}/?count={Math.Min(amount - posts.Count, 33)}&ranked_content=true"
                        + (maxId is null ? "" : $"&max_id={Uri.EscapeDataString(maxId)}");
            var body = await GetAsync(RequireLogin(session), query, ct);
            posts.AddRange(MobileJson.Read<List<WireMedia>>(body["items"] ?? new JsonArray(), "items").Select(m => m.ToModel()));
            maxId = body["more_available"]?.GetValue<bool>() == true ? body["next_max_id"]?.ToString() : null;
        }
        while (maxId is not null && posts.Count < amount);

        return posts.Take(amount).ToList();
    }

    /// <summary>tags/{tag}/sections/ (tab "top" or "recent"), flattened to media.</summary>
    public async Task<IReadOnlyList<MobileMedia>> HashtagFeedAsync(
        MobileSession session, string tag, int amount = 27, string tab = "top", CancellationToken ct = default)
    {
        var name = tag.TrimStart('#');
        var media = new List<MobileMedia>();
        string? maxId = null;
        do
        {
            var fields = new Dictionary<string, string>
            {
                ["tab"] = tab,
                ["media_recency_filter"] = tab == "recent" ? "top_recent_posts" : "default",
                ["_uuid"] = session.Device.Uuid,
                ["include_persistent"] = "false",
                ["rank_token"] = $"{session.UserPk}_{session.Device.Uuid}",
            };
            if (maxId is not null)
            {
                fields["max_id"] = maxId;
            }

            var body = await SendAsync(RequireLogin(session), HttpMethod.Post, $"api/v1/tags/{Uri.EscapeDataString(name)}/sections/", new FormUrlEncodedContent(fields), ct);
            foreach (var section in (body["sections"] as JsonArray ?? []).OfType<JsonObject>())
            {
                media.AddRange(SectionMedia(section).Select(node => MobileJson.Read<WireMedia>(node, "media").ToModel()));
            }

            maxId = body["more_available"]?.GetValue<bool>() == true ? body["next_max_id"]?.ToString() : null;
        }
        while (maxId is not null && media.Count < amount);

        return media.DistinctBy(m => m.Pk).Take(amount).ToList();
    }

    /// <summary>Grid sections hold media under layout_content.medias / fill_items, or a clips row (one_by_two_item).</summary>
    private static IEnumerable<JsonNode> SectionMedia(JsonObject section)
    {
        var content = section["layout_content"];
        foreach (var node in (content?["one_by_two_item"]?["clips"]?["items"] as JsonArray ?? []).OfType<JsonNode>())
        {
            if (node["media"] is { } m)
            {
                yield return m;
            }
        }

        foreach (var key in new[] { "medias", "fill_items" })
        {
            foreach (var node in (content?[key] as JsonArray ?? []).OfType<JsonNode>())
            {
                if (node["media"] is { } m)
                {
                    yield return m;
                }
            }
        }
    }
}
