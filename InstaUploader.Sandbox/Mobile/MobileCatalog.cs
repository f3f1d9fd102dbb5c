using InstaUploader.Sandbox.State;

namespace InstaUploader.Sandbox.Mobile;

/// <summary>
/// Everything the mobile API can show about users and media. Seeded profiles come first; registered accounts
/// are resolvable too (with the posts uploaded through the Sandbox), so demos work without seeding.
/// </summary>
internal sealed class MobileCatalog(SandboxStore store)
{
    private const string PicUrl = "https://instagram.sandbox.local/static/avatar.jpg";

    public MobileUser? UserByName(string username)
    {
        if (store.Profiles.TryGetValue(username, out var profile))
        {
            return FromProfile(profile);
        }

        return store.Find(username) is { } account ? FromAccount(account, includeEmail: false) : null;
    }

    public MobileUser? UserByPk(long pk)
    {
        if (store.Profiles.Values.FirstOrDefault(p => p.Pk == pk) is { } profile)
        {
            return FromProfile(profile);
        }

        return store.Accounts.Values.FirstOrDefault(a => a.Pk == pk) is { } account ? FromAccount(account, includeEmail: false) : null;
    }

    public MobileUser FromAccount(SandboxAccount account, bool includeEmail) => new(
        account.Pk, account.Pk.ToString(), account.Username, account.FullName ?? "", IsPrivate: false, IsVerified: false,
        account.AvatarSha256 is null ? PicUrl : $"https://instagram.sandbox.local/avatars/{account.AvatarSha256}.jpg",
        account.Biography, account.ExternalUrl ?? "",
        FollowerCount: store.Accounts.Values.Count(a => a.Following.Contains(account.Pk)),
        FollowingCount: account.Following.Count,
        MediaCount: PostsOf(account.Username).Count(),
        includeEmail ? account.Email : null);

    public static MobileUserShort Short(MobileUser user) =>
        new(user.Pk, user.PkId, user.Username, user.FullName, user.IsPrivate, user.ProfilePicUrl);

    /// <summary>A user's posts, newest first: the seeded profile's, else what the account uploaded here.</summary>
    public IReadOnlyList<MobileMedia> MediaOf(MobileUser user)
    {
        if (store.Profiles.TryGetValue(user.Username, out var profile))
        {
            return [.. profile.Posts.OrderByDescending(p => p.TakenAt).Select(p => FromProfilePost(p, user))];
        }

        return [.. PostsOf(user.Username).OrderByDescending(p => p.CreatedAt).Select(p => FromPost(p, user))];
    }

    /// <summary>All media anyone can see: seeded profile posts and Sandbox uploads.</summary>
    public IEnumerable<MobileMedia> AllMedia()
    {
        foreach (var profile in store.Profiles.Values)
        {
            var owner = FromProfile(profile);
            foreach (var post in profile.Posts)
            {
                yield return FromProfilePost(post, owner);
            }
        }

        foreach (var post in store.Posts)
        {
            if (UserByName(post.Username) is { } owner)
            {
                yield return FromPost(post, owner);
            }
        }
    }

    /// <summary>Media tagged with <paramref name="tag"/>: seeded hashtags, or "#tag" in an uploaded caption.</summary>
    public IEnumerable<MobileMedia> MediaWithTag(string tag)
    {
        var normalized = tag.TrimStart('#');
        foreach (var profile in store.Profiles.Values)
        {
            var owner = FromProfile(profile);
            foreach (var post in profile.Posts.Where(p => p.Hashtags.Any(h => string.Equals(h.TrimStart('#'), normalized, StringComparison.OrdinalIgnoreCase))))
            {
                yield return FromProfilePost(post, owner);
            }
        }

        foreach (var post in store.Posts.Where(p => CaptionHasTag(p.Caption, normalized)))
        {
            if (UserByName(post.Username) is { } owner)
            {
                yield return FromPost(post, owner);
            }
        }
    }

    public MobileMedia? MediaById(string mediaId)
    {
        var pkText = mediaId.Split('_')[0];
        return long.TryParse(pkText, out var pk) ? AllMedia().FirstOrDefault(m => m.Pk == pk) : null;
    }

    public MobileMedia FromPost(SandboxPost post, MobileUser owner) => new(
        post.Pk, $"{post.Pk}_{owner.Pk}", post.Code, post.CreatedAt.ToUnixTimeSeconds(), post.MediaType, ProductType: post.MediaType == 1 ? "feed" : "clips",
        Short(owner),
        new MobileCaption($"{post.Pk}1", post.Caption, owner.Pk, post.CreatedAt.ToUnixTimeSeconds()),
        post.LocationName is null ? null : new MobileLocation(LocationPk(post.LocationName), post.LocationName, null, null, null, null, null),
        new MobileUsertags([.. post.Usertags.Select(u => UserByName(u)).OfType<MobileUser>().Select(u => new MobileUsertag(Short(u), [0.5, 0.5]))]),
        LikeCount: LikesOf(post.Pk), CommentCount: 0, HasLiked: false);

    private static MobileMedia FromProfilePost(SandboxProfilePost post, MobileUser owner) => new(
        post.Pk, $"{post.Pk}_{owner.Pk}", post.Code, post.TakenAt.ToUnixTimeSeconds(), MediaType: 1, ProductType: "feed",
        Short(owner),
        new MobileCaption($"{post.Pk}1", post.Caption, owner.Pk, post.TakenAt.ToUnixTimeSeconds()),
        Location: null, Usertags: null, post.LikeCount, post.CommentCount, HasLiked: false);

    private MobileUser FromProfile(SandboxProfile profile) => new(
        profile.Pk, profile.Pk.ToString(), profile.Username, profile.FullName, IsPrivate: false, IsVerified: false, PicUrl,
        profile.Biography, "", profile.FollowerCount, profile.FollowingCount, profile.Posts.Count, Email: null);

    private IEnumerable<SandboxPost> PostsOf(string username) =>
        store.Posts.Where(p => string.Equals(p.Username, username, StringComparison.OrdinalIgnoreCase));

    private long LikesOf(long pk) =>
        store.Actions.Count(a => a.Kind == "like" && a.Target is { } t && t.Split('_')[0] == pk.ToString());

    private static bool CaptionHasTag(string caption, string tag) =>
        caption.Split([' ', '\n', '\t', ','], StringSplitOptions.RemoveEmptyEntries)
            .Any(w => w.StartsWith('#') && string.Equals(w.TrimStart('#').TrimEnd('.', '!', '?'), tag, StringComparison.OrdinalIgnoreCase));

    // Stable across runs (string.GetHashCode is randomized per process).
    private static long LocationPk(string name)
    {
        var hash = 2166136261u;
        foreach (var c in name.ToUpperInvariant())
        {
            hash = (hash ^ c) * 16777619u;
        }

        return 100_000_000 + hash % 900_000_000;
    }
}
