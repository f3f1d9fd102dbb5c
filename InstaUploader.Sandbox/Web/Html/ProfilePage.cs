namespace InstaUploader.Sandbox.Web.Html;

/// <summary>
/// /{username}/: header with counts, bio and link, Follow/Following (the follow GraphQL mutation; or "Edit profile"
/// on one's own page) and the
/// posts grid; an unknown name gets the site's "Sorry, this page isn't available."
/// </summary>
internal static class ProfilePage
{
    public static IResult Render(string viewer, ProfileView profile, PageTexts texts) => Layout.Page($"{profile.FullName} (@{profile.Username}) • Instagram photos and videos", Navigation.Style + $$"""
        <style>
          .profile header { display: flex; gap: 24px; align-items: center; margin-bottom: 24px; }
          .profile header button, .profile header a.edit { width: auto; }
          .grid { display: grid; grid-template-columns: repeat(3, 120px); gap: 4px; }
          .grid a { height: 120px; background: #efefef; display: block; }
        </style>
        {{Navigation.Markup(viewer)}}
        <section class="page profile" role="main">
          <header>
            <h2>{{Layout.Encode(profile.Username)}}</h2>
            {{(profile.IsViewer
                ? """<a class="edit" href="/accounts/edit/" role="link">Edit profile</a>"""
                : $"""<button type="button" id="followButton" data-pk="{profile.Pk}" data-following="{(profile.Following ? "1" : "0")}">{Layout.Encode(profile.Following ? texts.Following : texts.Follow)}</button>""")}}
          </header>
          <ul>
            <li><span>{{profile.PostCount}}</span> posts</li>
            <li><span id="followerCount">{{profile.FollowerCount}}</span> followers</li>
            <li><span>{{profile.FollowingCount}}</span> following</li>
          </ul>
          <h1>{{Layout.Encode(profile.FullName)}}</h1>
          <p id="biography">{{Layout.Encode(profile.Biography)}}</p>
          {{(profile.ExternalUrl is { Length: > 0 } url ? $"""<a href="{Layout.Encode(url)}" rel="me nofollow noopener noreferrer" target="_blank">{Layout.Encode(url)}</a>""" : "")}}
          <div class="grid">{{string.Concat(profile.PostCodes.Select(c => $"""<a href="/p/{Layout.Encode(c)}/" role="link" aria-label="Post {Layout.Encode(c)}"></a>"""))}}</div>
        </section>
        {{ActionDialog.Markup}}
        """, Scripts.Common + ActionDialog.Script + $$"""
        const followText = {{Layout.Js(texts.Follow)}}, followingText = {{Layout.Js(texts.Following)}};
        const follow = document.getElementById('followButton');
        if (follow) follow.addEventListener('click', async () => {
          const following = follow.dataset.following === '1';
          follow.disabled = true;
          const j = await mutate(following ? 'usePolarisUnfollowMutation' : 'usePolarisFollowMutation',
            following ? '{{WebGraphQlApi.UnfollowDocId}}' : '{{WebGraphQlApi.FollowDocId}}',
            { target_user_id: follow.dataset.pk, container_module: 'profile', nav_chain: 'PolarisProfilePostsTabRoot:profilePage:1:via_cold_start' });
          follow.disabled = false;
          if (!j) return;
          follow.dataset.following = following ? '0' : '1';
          follow.textContent = following ? followText : followingText;
        });
        """, lang: texts.Lang);

    public static IResult NotFound(string viewer) => Layout.Page("Page not found • Instagram", Navigation.Style + Navigation.Markup(viewer) + """
        <main>
          <h2>Sorry, this page isn't available.</h2>
          <p>The link you followed may be broken, or the page may have been removed. <a href="/">Go back to Instagram.</a></p>
        </main>
        """, statusCode: StatusCodes.Status404NotFound);
}

/// <summary>What a profile page shows.</summary>
internal sealed record ProfileView(
    long Pk, string Username, string FullName, string Biography, string? ExternalUrl, long PostCount, long FollowerCount,
    long FollowingCount, IReadOnlyList<string> PostCodes, bool Following, bool IsViewer);
