namespace InstaUploader.Sandbox.Web.Html;

/// <summary>
/// The dialog the site shows when an action XHR is refused ("Try Again Later" for feedback_required, "Please wait a
/// few minutes" for 429), and <c>act()</c> / <c>mutate()</c>, the POST or GraphQL mutation every action button goes through.
/// </summary>
internal static class ActionDialog
{
    public const string Markup = """
        <div class="overlay" id="actionErrorOverlay" hidden>
          <div role="dialog" aria-label="Action blocked">
            <h3 id="actionErrorTitle"></h3>
            <p id="actionErrorMessage"></p>
            <button type="button" id="actionErrorOk">OK</button>
          </div>
        </div>
        """;

    public const string Script = """
        const actionOverlay = document.getElementById('actionErrorOverlay');
        document.getElementById('actionErrorOk').addEventListener('click', () => { actionOverlay.hidden = true; });
        function actionFailed(j) {
          let title = 'Something went wrong', message = j.message || 'Please try again.';
          if (j.httpStatus === 429) { title = 'Please wait a few minutes'; message = 'Please wait a few minutes before you try again.'; }
          else if (j.feedback_required || j.message === 'feedback_required') { title = j.feedback_title || 'Try Again Later'; message = j.feedback_message || ''; }
          document.getElementById('actionErrorTitle').textContent = title;
          document.getElementById('actionErrorMessage').textContent = message;
          actionOverlay.hidden = false;
        }
        async function act(url, fields) { return settle(await postForm(url, fields)); }
        async function mutate(name, docId, variables) { return settle(await graphql(name, docId, variables)); }
        function settle(j) {
          if (j.status === 'ok') return j;
          if (j.httpStatus === 401) { location.href = '/accounts/login/?next=' + encodeURIComponent(location.pathname); return null; }
          actionFailed(j);
          return null;
        }
        """;
}
