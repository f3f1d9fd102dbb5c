namespace InstaUploader.Sandbox.Web.Html;

/// <summary>
/// The home feed: the stories tray (opening the story viewer, which marks each story seen), posts with their
/// Like/Unlike button, and the "Create new post" dialog: select file → reels notice → Crop → Edit →
/// caption/location → Share. Share uploads the bytes (rupload) and then configures the reel, like the site.
/// </summary>
internal static class HomePage
{
    public static IResult Render(string username, IReadOnlyList<FeedPost> posts, IReadOnlyList<WebStory> tray, PageTexts texts) => Layout.Page("Instagram", Navigation.Style + $$"""
        <style>
          [contenteditable] { min-height: 80px; text-align: left; border: 1px solid #dbdbdb; margin: 12px 16px; padding: 8px; }
          .place [role=button] { color: #262626; font-weight: 400; text-align: left; padding: 6px 16px; }
          .tray { display: flex; gap: 12px; overflow-x: auto; margin-bottom: 24px; }
          .tray [role=button] { width: 66px; height: 66px; border-radius: 50%; border: 2px solid #d6249f; display: flex; align-items: center; justify-content: center; font-size: 11px; overflow: hidden; }
          article { background: #fff; border: 1px solid #dbdbdb; max-width: 470px; margin-bottom: 24px; }
          article header { padding: 12px; font-weight: 600; }
          article .media { height: 470px; background: #efefef; }
          article section { padding: 8px 12px; display: flex; gap: 12px; }
          article [role=button] { cursor: pointer; }
          #storyViewer .story { height: 500px; background: #111; color: #fff; display: flex; align-items: center; justify-content: center; }
        </style>
        {{Navigation.Markup(username, "#")}}
        <section class="feed" role="main">
          <div class="tray" role="menu" aria-label="Stories">{{string.Concat(tray.Select(TrayItem))}}</div>
          {{(posts.Count == 0 ? "<p>No posts yet.</p>" : string.Concat(posts.Select(p => Article(p, texts))))}}
        </section>
        <div class="overlay" id="storyOverlay" hidden>
          <section role="dialog" aria-label="Stories" id="storyViewer">
            <header><span id="storyOwner"></span><div role="button" tabindex="0" aria-label="Close" id="storyClose">✕</div></header>
            <div class="story" id="storyBody"></div>
            <div role="button" tabindex="0" aria-label="Next" id="storyNext">›</div>
          </section>
        </div>
        {{ActionDialog.Markup}}

        <div class="overlay" id="createOverlay" hidden>
          <div role="dialog" aria-label="Create new post" id="step-select">
            <header><span></span><h1>Create new post</h1><span></span></header>
            <p>Drag photos and videos here</p>
            <button type="button" id="selectFromComputer">Select from computer</button>
            <form enctype="multipart/form-data" method="POST" role="presentation">
              <input accept="image/jpeg,image/png,image/heic,image/heif,video/mp4,video/quicktime" class="_ac69" multiple type="file" hidden>
            </form>
          </div>
          <div role="dialog" aria-label="Videos are now shared as reels" id="step-notice" hidden>
            <h2>Videos are now shared as reels</h2>
            <p>When you share a video post, it will appear as a reel. If your account is public, anyone can discover, watch and use original audio from your reels.</p>
            <button type="button" id="noticeOk">OK</button>
          </div>
          <div role="dialog" aria-label="Crop" id="step-crop" hidden>
            <header><span></span><h1>Crop</h1><div role="button" tabindex="0" data-next="step-edit">Next</div></header>
            <p class="preview"></p>
          </div>
          <div role="dialog" aria-label="Edit" id="step-edit" hidden>
            <header><span></span><h1>Edit</h1><div role="button" tabindex="0" data-next="step-caption">Next</div></header>
            <p>Cover photo · Trim · Sound on</p>
          </div>
          <div role="dialog" aria-label="New reel" id="step-caption" hidden>
            <header><span></span><h1>New reel</h1><div role="button" tabindex="0" id="share">Share</div></header>
            <div aria-label="Write a caption..." aria-placeholder="Write a caption..." contenteditable="true" role="textbox" spellcheck="true" tabindex="0"></div>
            <div class="place">
              <input name="creation-location-input" placeholder="Add location" type="text" value="" autocomplete="off">
              <div role="listbox" aria-label="Locations" id="placeSuggestions"></div>
            </div>
          </div>
          <div role="dialog" aria-label="Sharing" id="step-sharing" hidden>
            <header><span></span><h1>Sharing</h1><span></span></header>
            <p role="progressbar">Sharing…</p>
          </div>
          <div role="dialog" aria-label="Reel shared" id="step-done" hidden>
            <header><span></span><h1>Reel shared</h1><span></span></header>
            <p>Your reel has been shared.</p>
          </div>
          <div role="dialog" aria-label="Error" id="step-error" hidden>
            <h3 id="errorTitle"></h3>
            <p id="errorMessage"></p>
            <button type="button" id="errorOk">OK</button>
          </div>
        </div>
        """, Scripts.Common + ActionDialog.Script + LikeTexts(texts) + FeedScript + """
        const overlay = document.getElementById('createOverlay');
        const fileInput = overlay.querySelector('input[type=file]');
        const captionBox = overlay.querySelector('div[aria-label="Write a caption..."]');
        const placeInput = overlay.querySelector('input[placeholder="Add location"]');
        const suggestions = document.getElementById('placeSuggestions');
        let file = null, place = null;
        function step(id) {
          for (const d of overlay.querySelectorAll('[role=dialog]')) d.hidden = d.id !== id;
          overlay.hidden = id === null;
        }
        document.getElementById('create').addEventListener('click', e => { e.preventDefault(); file = null; place = null; step('step-select'); });
        document.getElementById('selectFromComputer').addEventListener('click', () => fileInput.click());
        fileInput.addEventListener('change', () => {
          file = fileInput.files[0] || null;
          if (!file) return;
          overlay.querySelector('.preview').textContent = file.name;
          step(file.type.startsWith('video/') ? 'step-notice' : 'step-crop');
        });
        document.getElementById('noticeOk').addEventListener('click', () => step('step-crop'));
        for (const b of overlay.querySelectorAll('[data-next]')) b.addEventListener('click', () => step(b.dataset.next));
        let searchSeq = 0;
        placeInput.addEventListener('input', async () => {
          place = null;
          const seq = ++searchSeq, q = placeInput.value.trim();
          suggestions.replaceChildren();
          if (!q) return;
          const r = await fetch('/api/v1/web/location_search/?search_query=' + encodeURIComponent(q), { credentials: 'include' });
          const j = await r.json();
          if (seq !== searchSeq) return;
          for (const v of j.venues) {
            const item = document.createElement('div');
            item.setAttribute('role', 'button');
            item.tabIndex = 0;
            item.textContent = v.name;
            item.addEventListener('click', () => { place = v; placeInput.value = v.name; suggestions.replaceChildren(); });
            suggestions.appendChild(item);
          }
        });
        function fail(title, message) {
          document.getElementById('errorTitle').textContent = title;
          document.getElementById('errorMessage').textContent = message;
          step('step-error');
        }
        document.getElementById('errorOk').addEventListener('click', () => step(null));
        document.getElementById('share').addEventListener('click', async () => {
          if (!file) return;
          step('step-sharing');
          const uploadId = String(Date.now());
          const entity = 'fb_uploader_' + uploadId;
          try {
            const up = await fetch('/rupload_igvideo/' + entity, {
              method: 'POST', credentials: 'include', body: file,
              headers: { 'X-CSRFToken': cookie('csrftoken'), 'X-Entity-Name': entity, 'X-Entity-Length': String(file.size),
                         'X-Entity-Type': file.type, 'Offset': '0',
                         'X-Instagram-Rupload-Params': JSON.stringify({ media_type: 2, upload_id: uploadId, is_clips_video: '1', for_album: false }) }
            });
            if (up.status === 429) { fail('Try Again Later', 'Please wait a few minutes before you try again.'); return; }
            if (!up.ok) throw new Error('upload ' + up.status);
            const uj = await up.json();
            if (uj.status !== 'ok') throw new Error('upload ' + uj.status);
          } catch (e) {
            fail('Something went wrong', 'Your reel could not be shared. Please try again.');
            return;
          }
          let j;
          try {
            j = await postForm('/api/v1/media/configure_to_clips/', {
              upload_id: uploadId, caption: captionBox.innerText.trim(), clips_share_preview_to_feed: '1',
              location: place ? JSON.stringify(place) : '', disable_comments: '0', like_and_view_counts_disabled: '0', source_type: 'library'
            });
          } catch (e) {
            fail('Something went wrong', 'Your reel could not be shared. Please try again.');
            return;
          }
          if (j.status === 'ok') { step('step-done'); return; }
          if (j.httpStatus === 429) { fail('Try Again Later', 'Please wait a few minutes before you try again.'); return; }
          if (j.feedback_required || j.message === 'feedback_required') {
            fail(j.feedback_title || 'Try Again Later', j.feedback_message || 'We restrict certain activity to protect our community. Tell us if you think we made a mistake.');
            return;
          }
          fail('Something went wrong', j.message || 'Your reel could not be shared. Please try again.');
        });
        """, lang: texts.Lang);
    private static string TrayItem(WebStory story) => $"""
        <div role="button" tabindex="0" aria-label="Story by {Layout.Encode(story.OwnerUsername)}, not seen" data-story="{story.Pk}" data-owner="{story.OwnerPk}" data-username="{Layout.Encode(story.OwnerUsername)}" data-taken="{story.TakenAt}">{Layout.Encode(story.OwnerUsername)}</div>
        """;

    private static string LikeTexts(PageTexts texts) =>
        $"const likeText = {Layout.Js(texts.Like)}, unlikeText = {Layout.Js(texts.Unlike)};\n" +
        $"const likeDocId = '{WebGraphQlApi.LikeDocId}', unlikeDocId = '{WebGraphQlApi.UnlikeDocId}';\n";

    private static string Article(FeedPost post, PageTexts texts) => $"""
        <article role="article" data-media="{post.Pk}">
          <header><a href="/{Layout.Encode(post.Owner)}/" role="link">{Layout.Encode(post.Owner)}</a></header>
          <div class="media" role="presentation"></div>
          <section>{LikeButton(post.Liked, texts)}<span class="likes">{post.LikeCount} likes</span></section>
          <div><b>{Layout.Encode(post.Owner)}</b> {Layout.Encode(post.Caption)}</div>
        </article>
        """;

    private static string LikeButton(bool liked, PageTexts texts) =>
        $"""<div role="button" tabindex="0" class="like" data-liked="{(liked ? "1" : "0")}"><span><svg aria-label="{Layout.Encode(liked ? texts.Unlike : texts.Like)}" role="img" height="24" width="24" viewBox="0 0 24 24"><title>{Layout.Encode(liked ? texts.Unlike : texts.Like)}</title><path d="M16.792 3.904A4.989 4.989 0 0 1 21.5 9.122c0 3.072-2.652 4.959-5.197 7.222-2.512 2.243-3.865 3.469-4.303 3.752-.477-.309-2.143-1.823-4.303-3.752C5.141 14.072 2.5 12.167 2.5 9.122a4.989 4.989 0 0 1 4.708-5.218 4.21 4.21 0 0 1 3.675 1.941c.84 1.175.98 1.763 1.12 1.763s.278-.588 1.11-1.766a4.17 4.17 0 0 1 3.679-1.938Z"/></svg></span></div>""";

    /// <summary>
    /// Like buttons toggle through the like/unlike GraphQL mutations (variables as the site sends them: media_id and
    /// container_module); the story viewer walks the tray and marks each story seen.
    /// </summary>
    private const string FeedScript = """
        for (const b of document.querySelectorAll('article [role=button].like')) {
          b.addEventListener('click', async () => {
            const article = b.closest('article'), liked = b.dataset.liked === '1';
            const j = await mutate(liked ? 'usePolarisLikeMediaUnlikeMutation' : 'usePolarisLikeMediaLikeMutation',
              liked ? unlikeDocId : likeDocId, { media_id: article.dataset.media, container_module: 'feed_timeline' });
            if (!j) return;
            b.dataset.liked = liked ? '0' : '1';
            const svg = b.querySelector('svg');
            svg.setAttribute('aria-label', liked ? likeText : unlikeText);
            svg.querySelector('title').textContent = liked ? likeText : unlikeText;
          });
        }
        const stories = [...document.querySelectorAll('[data-story]')];
        const storyOverlay = document.getElementById('storyOverlay'), storyNext = document.getElementById('storyNext');
        let storyIndex = -1;
        function closeStories() { storyOverlay.hidden = true; storyIndex = -1; }
        async function showStory(i) {
          if (i >= stories.length) { closeStories(); return; }
          storyIndex = i;
          const s = stories[i];
          document.getElementById('storyOwner').textContent = s.dataset.username;
          document.getElementById('storyBody').textContent = 'Story of ' + s.dataset.username;
          storyNext.hidden = i + 1 >= stories.length;
          storyOverlay.hidden = false;
          const j = await act('/api/v1/stories/reel/seen', {
            reelMediaId: s.dataset.story, reelMediaOwnerId: s.dataset.owner, reelId: s.dataset.owner,
            reelMediaTakenAt: s.dataset.taken, viewSeenAt: String(Math.floor(Date.now() / 1000))
          });
          if (!j) { closeStories(); return; }
          s.setAttribute('aria-label', 'Story by ' + s.dataset.username + ', seen');
        }
        stories.forEach((s, i) => s.addEventListener('click', () => showStory(i)));
        storyNext.addEventListener('click', () => showStory(storyIndex + 1));
        document.getElementById('storyClose').addEventListener('click', closeStories);
        """;
}

/// <summary>A post as the feed shows it.</summary>
internal sealed record FeedPost(long Pk, string Owner, string Caption, bool Liked, long LikeCount);
