using System.Globalization;
using System.Text.Json;
using InstaUploader.Sandbox.State;

namespace InstaUploader.Sandbox.Web;

/// <summary>
/// POST /graphql/query, where today's instagram.com sends likes and follows: a form body naming a persisted
/// mutation (<c>fb_api_req_friendly_name</c>, <c>doc_id</c>) with JSON <c>variables</c>. The old
/// /api/v1/web/likes/ answers 404 on the real site (https://github.com/jackwener/OpenCLI/pull/2243), so the
/// Sandbox has no such path, nor the web /friendships/ ones. The names, variables (media_id; target_user_id) and the
/// follow roots (xdt_create_friendship / xdt_destroy_friendship with friendship_status) are what public scripts
/// posting these mutations send and read (docs/instagram-protocol.md, "Web pages"). How the real endpoint words a
/// refusal is not public; the Sandbox answers like the v1 web endpoints (<see cref="WebGuard"/>).
/// </summary>
internal static class WebGraphQlApi
{
    // doc_ids rotate with every web release, so the Sandbox only requires one and the pages send these.
    public const string LikeDocId = "23951234354462179";
    public const string UnlikeDocId = "8525474704176507";
    public const string FollowDocId = "9740159112729312";
    public const string UnfollowDocId = "7301295479961089";

    public static IEndpointRouteBuilder MapWebGraphQlApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/graphql/query", async (HttpContext http, SandboxStore store, WebFeed feed, TimeProvider time, CancellationToken ct) =>
        {
            var account = WebGuard.Account(http);
            var form = await http.Request.ReadFormAsync(ct);
            if (!long.TryParse(form["doc_id"], out _) || Variables(form["variables"].ToString()) is not { } variables)
            {
                return WebActionsApi.Fail("Invalid query.", StatusCodes.Status400BadRequest);
            }

            return form["fb_api_req_friendly_name"].ToString() switch
            {
                "usePolarisLikeMediaLikeMutation" => Like(account, variables, liked: true, store, feed, time),
                "usePolarisLikeMediaUnlikeMutation" => Like(account, variables, liked: false, store, feed, time),
                "usePolarisFollowMutation" => Follow(account, variables, store, feed, time),
                "usePolarisUnfollowMutation" => Unfollow(account, variables, feed),
                _ => WebActionsApi.Fail("Unknown query.", StatusCodes.Status400BadRequest),
            };
        }).DisableAntiforgery().AddEndpointFilter<WebGuard>();
        return app;
    }

    private static JsonElement? Variables(string json)
    {
        try
        {
            return JsonDocument.Parse(json).RootElement is { ValueKind: JsonValueKind.Object } root ? root : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static long? Id(JsonElement variables, string name) =>
        variables.TryGetProperty(name, out var v) && long.TryParse(v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText(), out var id)
            ? id
            : null;

    private static IResult Like(SandboxAccount account, JsonElement variables, bool liked, SandboxStore store, WebFeed feed, TimeProvider time)
    {
        if (Id(variables, "media_id") is not { } mediaPk || feed.Media(mediaPk) is not { } media)
        {
            return WebActionsApi.Fail("Sorry, this media has been deleted", StatusCodes.Status400BadRequest);
        }

        if (feed.HasLiked(account, mediaPk) != liked)
        {
            store.Actions.Enqueue(new SandboxAction(liked ? "like" : "unlike", account.Username, media.Id, media.User.Username, time.GetUtcNow()));
        }

        // The response's root field name is our choice: no public capture shows it for the like mutation.
        return Results.Json(new Dictionary<string, object>
        {
            ["data"] = new Dictionary<string, object?> { [liked ? "xdt_mark_media_like" : "xdt_mark_media_unlike"] = true },
            ["status"] = "ok",
        });
    }

    private static IResult Follow(SandboxAccount account, JsonElement variables, SandboxStore store, WebFeed feed, TimeProvider time)
    {
        if (Id(variables, "target_user_id") is not { } userPk || feed.User(userPk) is not { } target || target.Pk == account.Pk)
        {
            return WebActionsApi.Fail("Invalid target user.", StatusCodes.Status400BadRequest);
        }

        bool added;
        lock (account.Following)
        {
            added = account.Following.Add(userPk);
        }

        if (added)
        {
            store.Actions.Enqueue(new SandboxAction("follow", account.Username, target.Username, userPk.ToString(CultureInfo.InvariantCulture), time.GetUtcNow()));
        }

        return Friendship("xdt_create_friendship", following: true);
    }

    private static IResult Unfollow(SandboxAccount account, JsonElement variables, WebFeed feed)
    {
        if (Id(variables, "target_user_id") is not { } userPk || feed.User(userPk) is null)
        {
            return WebActionsApi.Fail("Invalid target user.", StatusCodes.Status400BadRequest);
        }

        lock (account.Following)
        {
            account.Following.Remove(userPk);
        }

        return Friendship("xdt_destroy_friendship", following: false);
    }

    private static IResult Friendship(string root, bool following) => Results.Json(new Dictionary<string, object>
    {
        ["data"] = new Dictionary<string, object>
        {
            [root] = new { friendship_status = new { following, outgoing_request = false } },
        },
        ["status"] = "ok",
    });
}
