namespace InstaUploader.Sandbox.Web.Html;

/// <summary>
/// /accounts/login/: the form posts through fetch to the login ajax endpoint, as www.instagram.com does. Since
/// February 2026 the inputs carry no name attribute (before: name="email"/"pass", earlier "username"/"password"),
/// so scripts find them by type or label: https://github.com/mifi/instauto/pull/178. The label text is the one
/// today's page shows ("Mobile number, username or email"), which Playwright scripts locate with get_by_label.
/// </summary>
internal static class LoginPage
{
    public static IResult Render(string next, PageTexts texts) => Layout.Page("Login • Instagram", $$"""
        <main>
          <h1 aria-label="Instagram">Instagram</h1>
          <form id="loginForm" method="post">
            <label><span>{{Layout.Encode(texts.UsernameLabel)}}</span>
              <input id="loginUser" aria-label="{{Layout.Encode(texts.UsernameLabel)}}" aria-required="true" autocapitalize="off" autocorrect="off" autocomplete="username webauthn" maxlength="75" type="text" value=""></label>
            <label><span>{{Layout.Encode(texts.PasswordLabel)}}</span>
              <input id="loginPass" aria-label="{{Layout.Encode(texts.PasswordLabel)}}" aria-required="true" autocapitalize="off" autocorrect="off" autocomplete="current-password" type="password" value=""></label>
            <button type="submit" disabled>{{Layout.Encode(texts.LogIn)}}</button>
            <p id="slfErrorAlert" data-testid="login-error-message" role="alert" aria-atomic="true" hidden></p>
          </form>
          <a href="/accounts/password/reset/">Forgot password?</a>
        </main>
        """, Scripts.Common + $$"""
        const next = {{Layout.Js(next)}};
        const form = document.getElementById('loginForm');
        const user = document.getElementById('loginUser'), pass = document.getElementById('loginPass');
        const button = form.querySelector('button[type=submit]');
        const alertBox = document.getElementById('slfErrorAlert');
        form.addEventListener('input', () => {
          button.disabled = !(user.value && pass.value.length >= 6);
        });
        form.addEventListener('submit', async e => {
          e.preventDefault();
          alertBox.hidden = true;
          button.disabled = true;
          const time = Math.floor(Date.now() / 1000);
          const j = await postForm('/api/v1/web/accounts/login/ajax/', {
            username: user.value,
            enc_password: '#PWD_INSTAGRAM_BROWSER:0:' + time + ':' + pass.value,
            queryParams: '{}', optIntoOneTap: 'false', trustedDeviceRecords: '{}'
          });
          button.disabled = false;
          if (j.authenticated) { location.href = next; return; }
          if (j.two_factor_required) {
            const info = j.two_factor_info;
            location.href = '/accounts/login/two_factor?next=' + encodeURIComponent(next)
              + '&identifier=' + encodeURIComponent(info.two_factor_identifier) + '&username=' + encodeURIComponent(info.username);
            return;
          }
          if (j.checkpoint_url) { location.href = j.checkpoint_url; return; }
          showAlert(alertBox, j.message || 'Sorry, there was a problem with your request.');
        });
        """, lang: texts.Lang);
}
