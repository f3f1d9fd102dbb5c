namespace InstaUploader.Sandbox.Web.Html;

/// <summary>/accounts/login/two_factor: the authentication-app code step.</summary>
internal static class TwoFactorPage
{
    public static IResult Render(string next, string identifier, string username) => Layout.Page("Login • Instagram", """
        <main>
          <h2>Two-factor authentication</h2>
          <p>Enter the 6-digit code from your authentication app.</p>
          <form id="twoFactorForm" method="post">
            <input aria-label="Security Code" aria-describedby="verificationCodeDescription" autocomplete="off" inputmode="numeric" maxlength="8" name="verificationCode" type="tel" value="">
            <button type="button" id="confirm">Confirm</button>
            <p id="twoFactorErrorAlert" role="alert" aria-atomic="true" hidden></p>
          </form>
        </main>
        """, Scripts.Common + $$"""
        const next = {{Layout.Js(next)}}, identifier = {{Layout.Js(identifier)}}, username = {{Layout.Js(username)}};
        const form = document.getElementById('twoFactorForm');
        const alertBox = document.getElementById('twoFactorErrorAlert');
        async function confirmCode() {
          alertBox.hidden = true;
          const j = await postForm('/api/v1/web/accounts/login/ajax/two_factor/', {
            username, identifier, verificationCode: form.verificationCode.value, queryParams: '{"next":"/"}', trust_signal: 'true'
          });
          if (j.authenticated) { location.href = next; return; }
          showAlert(alertBox, j.message || 'Please check the security code and try again.');
        }
        document.getElementById('confirm').addEventListener('click', confirmCode);
        form.addEventListener('submit', e => { e.preventDefault(); confirmCode(); });
        """);
}
