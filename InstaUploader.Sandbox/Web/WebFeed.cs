using InstaUploader.Sandbox.Mobile;
using InstaUploader.Sandbox.State;

namespace InstaUploader.Sandbox.Web;

/// <summary>
/// What the web pages show a signed-in account: the same timeline and stories tray the mobile API serves (one
/// catalog behind both), plus whether the account currently likes a post.
/// </summary>
internal sealed class WebFeed(SandboxStore store, MobileCatalog catalog)
{
    public IReadOnlyList<MobileMedia> Timeline(SandboxAccount account) =>
        [.. catalog.AllMedia()
            .Where(m => m.User.Pk != account.Pk)
            .OrderByDescending(m => IsFollowing(account, m.User.Pk))
            .ThenByDescending(m => m.TakenAt)
            .Take(20)];

    /// <summary>One story per followed user, or per known user when following nobody (as feed/reels_tray/ does).</summary>
    public IReadOnlyList<WebStory> Tray(SandboxAccount account, DateTimeOffset now)
    {
        List<long> following;
        lock (account.Following)
        {
            following = [.. account.Following];
        }

        var owners = following.Select(catalog.UserByPk).OfType<MobileUser>().ToList();
        if (owners.Count == 0)
        {
            owners = [.. store.Profiles.Keys.Concat(store.Accounts.Keys).Select(catalog.UserByName).OfType<MobileUser>()
                .Where(u => u.Pk != account.Pk).DistinctBy(u => u.Pk).Take(10)];
        }

        return [.. owners.Select(o => new WebStory(3_000_000_000_000 + o.Pk, o.Pk, o.Username, now.ToUnixTimeSeconds() - 3600))];
    }

    public MobileMedia? Media(long pk) => catalog.AllMedia().FirstOrDefault(m => m.Pk == pk);

    public MobileUser? User(string username) => catalog.UserByName(username);

    public MobileUser? User(long pk) => catalog.UserByPk(pk);

    public IReadOnlyList<MobileMedia> MediaOf(MobileUser user) => catalog.MediaOf(user);

    /// <summary>The account's latest like or unlike of the post decides.</summary>
    public bool HasLiked(SandboxAccount account, long mediaPk)
    {
        var prefix = $"{mediaPk}_";
        return store.Actions.LastOrDefault(a => a.Kind is "like" or "unlike"
                                                && string.Equals(a.Username, account.Username, StringComparison.OrdinalIgnoreCase)
                                                && a.Target is { } t && t.StartsWith(prefix, StringComparison.Ordinal))
            ?.Kind == "like";
    }

    public static bool IsFollowing(SandboxAccount account, long pk)
    {
        lock (account.Following)
        {
            return account.Following.Contains(pk);
        }
    }
}

/// <summary>A story in the tray; its seen key is "&lt;story_pk&gt;_&lt;owner_pk&gt;_&lt;owner_pk&gt;", as the mobile app sends it.</summary>
internal sealed record WebStory(long Pk, long OwnerPk, string OwnerUsername, long TakenAt)
{
    public string SeenKey => $"{Pk}_{OwnerPk}_{OwnerPk}";
}
