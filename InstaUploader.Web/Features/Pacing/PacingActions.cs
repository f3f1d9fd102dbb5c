namespace InstaUploader.Web.Features.Pacing;

/// <summary>
/// The actions an account is capped on, and which of them an item's kind spends: one definition for the claim, the
/// usage counts, the account page and the API.
/// </summary>
public static class PacingActions
{
    public const string Post = "post";
    public const string Follow = "follow";
    public const string Like = "like";
    public const string StoryView = "story_view";
    public const string ProfileEdit = "profile_edit";
    public const string Login = "login";

    public static readonly string[] All = [Post, Follow, Like, StoryView, ProfileEdit, Login];

    /// <summary>The action an item of <paramref name="kind"/> is held back on when its cap is used up; null when its kind is not paced.</summary>
    public static string? ForKind(string kind) => kind switch
    {
        TaskKinds.BulkUpload => Post,
        TaskKinds.Follow => Follow,
        // A warm-up mostly likes; its follows and story views are counted too, and cap it no further.
        TaskKinds.Warmup => Like,
        TaskKinds.Avatar or TaskKinds.Bio => ProfileEdit,
        TaskKinds.BulkLogin => Login,
        _ => null,
    };

    /// <summary><see cref="ForKind"/> as a SQL expression over the claim's candidate item <c>c</c> (a constant for the claim's SQL).</summary>
    public const string ForCandidateSql =
        $"(CASE c.kind WHEN '{TaskKinds.BulkUpload}' THEN '{Post}' WHEN '{TaskKinds.Follow}' THEN '{Follow}' WHEN '{TaskKinds.Warmup}' THEN '{Like}' "
        + $"WHEN '{TaskKinds.Avatar}' THEN '{ProfileEdit}' WHEN '{TaskKinds.Bio}' THEN '{ProfileEdit}' WHEN '{TaskKinds.BulkLogin}' THEN '{Login}' END)";

    /// <summary><see cref="ForKind"/> as a SQL expression over the kind column <paramref name="kindColumn"/>.</summary>
    public static string ForKindSql(string kindColumn) => ForCandidateSql.Replace("c.kind", kindColumn, StringComparison.Ordinal);

    /// <summary>The action an item's success counter stands for (a published reel, a changed profile, a login).</summary>
    public static string? ForSuccessOf(string kind) => kind is TaskKinds.Warmup or TaskKinds.Follow ? null : ForKind(kind);

    public static string Label(string action) => action switch
    {
        Post => "Posts",
        Follow => "Follows",
        Like => "Likes",
        StoryView => "Story views",
        ProfileEdit => "Profile edits",
        Login => "Logins",
        _ => action,
    };
}
