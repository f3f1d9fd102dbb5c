namespace InstaUploader.Sandbox.Web.Html;

/// <summary>/accounts/login/: the form posts through fetch to the login ajax endpoint, as www.instagram.com does.</summary>
internal static class LoginPage
{
    public static IResult Render(string next) => Layout.Page("Login • Instagram", """
        <main>
          <h1 aria-label="Instagram">Instagram</h1>
          <form id="loginForm" method="post">
            <label><span>Phone number, username, or email</span>
              <input aria-label="Phone number, username, or email" aria-required="true" autocapitalize="off" autocorrect="off" maxlength="75" name="username" type="text" value=""></label>
            <label><span>Password</span>
              <input aria-label="Password" aria-required="true" autocapitalize="off" autocorrect="off" name="password" type="password" value=""></label>
            <button type="submit" disabled>Log in</button>
            <p id="slfErrorAlert" data-testid="login-error-message" role="alert" aria-atomic="true" hidden></p>
          </form>
          <a href="/accounts/password/reset/">Forgot password?</a>
        </main>
        """, Scripts.Common + $$"""
        const next = {{Layout.Js(next)}};
        const form = document.getElementById('loginForm');
        const button = form.querySelector('button[type=submit]');
        const alertBox = document.getElementById('slfErrorAlert');
        form.addEventListener('input', () => {
          button.disabled = !(form.username.value && form.password.value.length >= 6);
        });
        form.addEventListener('submit', async e => {
          e.preventDefault();
          alertBox.hidden = true;
          button.disabled = true;
          const time = Math.floor(Date.now() / 1000);
          const j = await postForm('/api/v1/web/accounts/login/ajax/', {
            username: form.username.value,
            enc_password: '#PWD_INSTAGRAM_BROWSER:0:' + time + ':' + form.password.value,
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
        """);
}
