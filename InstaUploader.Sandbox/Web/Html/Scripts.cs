namespace InstaUploader.Sandbox.Web.Html;

/// <summary>Small JS helpers every page needs: the CSRF cookie and a form-encoded POST like the site's XHRs.</summary>
internal static class Scripts
{
    public const string Common = $$"""
        function cookie(name) {
          const m = document.cookie.match(new RegExp('(?:^|; )' + name + '=([^;]*)'));
          return m ? decodeURIComponent(m[1]) : '';
        }
        async function postForm(url, fields) {
          const r = await fetch(url, {
            method: 'POST',
            credentials: 'include',
            headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-CSRFToken': cookie('csrftoken'),
                       'X-IG-App-ID': '{{WebSession.WebAppId}}', 'X-Requested-With': 'XMLHttpRequest' },
            body: new URLSearchParams(fields)
          });
          let json = {};
          try { json = await r.json(); } catch (e) { }
          json.httpStatus = r.status;
          return json;
        }
        // A persisted GraphQL mutation as the site's Relay client sends it: form body, friendly name also as a header.
        async function graphql(name, docId, variables) {
          const r = await fetch('/graphql/query', {
            method: 'POST',
            credentials: 'include',
            headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-CSRFToken': cookie('csrftoken'),
                       'X-IG-App-ID': '{{WebSession.WebAppId}}', 'X-FB-Friendly-Name': name },
            body: new URLSearchParams({
              av: cookie('ds_user_id'), __d: 'www', __user: '0', __a: '1', __comet_req: '7',
              fb_api_caller_class: 'RelayModern', fb_api_req_friendly_name: name,
              variables: JSON.stringify(variables), server_timestamps: 'true', doc_id: docId
            })
          });
          let json = {};
          try { json = await r.json(); } catch (e) { }
          json.httpStatus = r.status;
          return json;
        }
        function showAlert(el, text) { el.textContent = text; el.hidden = false; }
        """;
}
