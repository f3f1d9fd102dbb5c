namespace InstaUploader.Sandbox.Web.Html;

/// <summary>
/// /accounts/edit/: "Change photo" (a dialog whose "Upload Photo" opens the file chooser and posts the picture at
/// once), the Website field shown disabled with "Editing your links is only available on mobile. Visit the Instagram
/// app and edit your profile to change the websites in your bio." (links are edited through the app's
/// update_bio_links since bio links replaced external_url; no public page documents the web form, the wording is
/// the one public clones of the page carry), Bio and Submit, which posts the form; success shows the site's toasts.
/// </summary>
internal static class EditProfilePage
{
    /// <summary>The answer to a web request that changes the website anyway (its first sentence, as the page words it).</summary>
    public const string LinksOnlyOnMobileMessage = "Editing your links is only available on mobile.";

    public static IResult Render(string username, string fullName, string biography, string? externalUrl, PageTexts texts) => Layout.Page("Edit profile • Instagram", Navigation.Style + $$"""
        <style>
          form.edit { max-width: 480px; text-align: left; }
          form.edit label { display: block; font-weight: 600; margin-top: 16px; }
          textarea { width: 100%; box-sizing: border-box; min-height: 70px; border: 1px solid #dbdbdb; border-radius: 3px; padding: 8px; }
          [role=status] { margin-top: 12px; color: #262626; }
        </style>
        {{Navigation.Markup(username)}}
        <section class="page" role="main">
          <h2>Edit profile</h2>
          <div><b>{{Layout.Encode(username)}}</b> <button type="button" id="changePhoto" style="width:auto">Change photo</button></div>
          <form class="edit" id="editForm" method="post">
            <input type="hidden" name="first_name" value="{{Layout.Encode(fullName)}}">
            <label for="pepWebsite">{{Layout.Encode(texts.Website)}}</label>
            <input id="pepWebsite" name="external_url" type="text" placeholder="{{Layout.Encode(texts.Website)}}" value="{{Layout.Encode(externalUrl)}}" disabled aria-describedby="pepWebsiteNote">
            <p id="pepWebsiteNote">{{Layout.Encode(texts.LinksOnlyOnMobile)}}</p>
            <label for="pepBio">{{Layout.Encode(texts.Bio)}}</label>
            <textarea id="pepBio" name="biography" maxlength="150">{{Layout.Encode(biography)}}</textarea>
            <button type="submit">{{Layout.Encode(texts.Submit)}}</button>
          </form>
          <p role="status" id="toast" hidden></p>
        </section>
        <div class="overlay" id="photoOverlay" hidden>
          <div role="dialog" aria-label="Change Profile Photo">
            <header><span></span><h3>Change Profile Photo</h3><span></span></header>
            <button type="button" id="uploadPhoto">Upload Photo</button>
            <button type="button" id="cancelPhoto">Cancel</button>
            <form enctype="multipart/form-data" method="POST" role="presentation">
              <input accept="image/jpeg,image/png" type="file" hidden>
            </form>
          </div>
        </div>
        {{ActionDialog.Markup}}
        """, Scripts.Common + ActionDialog.Script + $$"""
        const savedText = {{Layout.Js(texts.ProfileSaved)}};
        const toast = document.getElementById('toast');
        function showToast(text) { toast.textContent = text; toast.hidden = false; }
        const form = document.getElementById('editForm');
        form.addEventListener('submit', async e => {
          e.preventDefault();
          toast.hidden = true;
          const j = await act('/api/v1/web/accounts/edit/', {
            first_name: form.first_name.value, external_url: form.external_url.value, biography: form.biography.value,
            chaining_enabled: 'on'
          });
          if (j) showToast(savedText);
        });
        const photoOverlay = document.getElementById('photoOverlay'), photoInput = photoOverlay.querySelector('input[type=file]');
        document.getElementById('changePhoto').addEventListener('click', () => { photoOverlay.hidden = false; });
        document.getElementById('cancelPhoto').addEventListener('click', () => { photoOverlay.hidden = true; });
        document.getElementById('uploadPhoto').addEventListener('click', () => photoInput.click());
        photoInput.addEventListener('change', async () => {
          const file = photoInput.files[0];
          photoOverlay.hidden = true;
          if (!file) return;
          toast.hidden = true;
          const body = new FormData();
          body.append('profile_pic', file, file.name);
          const r = await fetch('/api/v1/web/accounts/web_change_profile_picture/', {
            method: 'POST', credentials: 'include', body,
            headers: { 'X-CSRFToken': cookie('csrftoken'), 'X-Requested-With': 'XMLHttpRequest' }
          });
          let j = {};
          try { j = await r.json(); } catch (e) { }
          j.httpStatus = r.status;
          photoInput.value = '';
          if (j.status === 'ok') { showToast('Profile photo added.'); return; }
          actionFailed(j);
        });
        """, lang: texts.Lang);
}
