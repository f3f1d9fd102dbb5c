namespace InstaUploader.Sandbox.Web.Html;

/// <summary>
/// The feed with the left navigation and the "Create new post" dialog: select file → reels notice → Crop →
/// Edit → caption/location → Share. Share uploads the bytes (rupload) and then configures the reel, like the site.
/// </summary>
internal static class HomePage
{
    private const string NewPostIcon = """
        <svg aria-label="New post" class="x1lliihq x1n2onr6" fill="currentColor" height="24" role="img" viewBox="0 0 24 24" width="24"><title>New post</title><path d="M2 12v3.45c0 2.849.698 4.005 1.606 4.944.94.909 2.098 1.608 4.946 1.608h6.896c2.848 0 4.006-.7 4.946-1.608C21.302 19.455 22 18.3 22 15.45V8.552c0-2.849-.698-4.006-1.606-4.945C19.454 2.7 18.296 2 15.448 2H8.552c-2.848 0-4.006.699-4.946 1.607C2.698 4.547 2 5.703 2 8.552Z" fill="none" stroke="currentColor" stroke-width="2"/><line fill="none" stroke="currentColor" stroke-width="2" x1="6.545" x2="17.455" y1="12.001" y2="12.001"/><line fill="none" stroke="currentColor" stroke-width="2" x1="12.003" x2="12.003" y1="6.545" y2="17.455"/></svg>
        """;

    public static IResult Render(string username) => Layout.Page("Instagram", $$"""
        <style>
          nav { position: fixed; left: 0; top: 0; bottom: 0; width: 220px; border-right: 1px solid #dbdbdb; background: #fff; padding: 20px 12px; }
          nav a { display: flex; gap: 12px; align-items: center; padding: 12px; color: #262626; text-decoration: none; }
          section.feed { margin-left: 260px; padding: 24px; }
          .overlay { position: fixed; inset: 0; background: rgba(0,0,0,.65); display: flex; align-items: center; justify-content: center; }
          [role=dialog] { background: #fff; border-radius: 12px; min-width: 420px; max-width: 560px; padding: 0 0 16px; text-align: center; }
          [role=dialog] header { display: flex; justify-content: space-between; align-items: center; border-bottom: 1px solid #dbdbdb; padding: 10px 16px; font-weight: 600; }
          [role=dialog] [role=button] { color: #0095f6; font-weight: 600; }
          [contenteditable] { min-height: 80px; text-align: left; border: 1px solid #dbdbdb; margin: 12px 16px; padding: 8px; }
          .place [role=button] { color: #262626; font-weight: 400; text-align: left; padding: 6px 16px; }
        </style>
        <nav role="navigation">
          <a href="/" role="link"><span>Home</span></a>
          <a href="/explore/" role="link"><span>Explore</span></a>
          <a href="/reels/" role="link"><span>Reels</span></a>
          <a href="#" role="link" id="create">{{NewPostIcon}}<span>Create</span></a>
          <a href="/{{Layout.Encode(username)}}/" role="link"><span>Profile</span></a>
        </nav>
        <section class="feed" role="main"><h2>Welcome, {{Layout.Encode(username)}}</h2><article>No posts yet.</article></section>

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
        """, Scripts.Common + """
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
          const j = await postForm('/api/v1/media/configure_to_clips/', {
            upload_id: uploadId, caption: captionBox.innerText.trim(), clips_share_preview_to_feed: '1',
            location: place ? JSON.stringify(place) : '', disable_comments: '0', like_and_view_counts_disabled: '0', source_type: 'library'
          });
          if (j.status === 'ok') { step('step-done'); return; }
          if (j.httpStatus === 429) { fail('Try Again Later', 'Please wait a few minutes before you try again.'); return; }
          if (j.feedback_required || j.message === 'feedback_required') {
            fail(j.feedback_title || 'Try Again Later', j.feedback_message || 'We restrict certain activity to protect our community. Tell us if you think we made a mistake.');
            return;
          }
          fail('Something went wrong', j.message || 'Your reel could not be shared. Please try again.');
        });
        """);
}
