using System.Net;

namespace InstaUploader.Sandbox.Web.Html;

/// <summary>The page shell shared by the Sandbox's instagram.com pages.</summary>
internal static class Layout
{
    public static IResult Page(string title, string body, string script = "", int statusCode = StatusCodes.Status200OK, string lang = "en") => Results.Content($$"""
        <!DOCTYPE html>
        <html lang="{{lang}}" class="_9dls">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{WebUtility.HtmlEncode(title)}}</title>
        <style>
          body { font-family: -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; margin: 0; background: #fafafa; color: #262626; }
          main { max-width: 350px; margin: 40px auto; background: #fff; border: 1px solid #dbdbdb; padding: 24px 40px; text-align: center; }
          input { width: 100%; box-sizing: border-box; margin: 3px 0; padding: 9px 8px; border: 1px solid #dbdbdb; border-radius: 3px; background: #fafafa; }
          button, [role=button] { cursor: pointer; }
          button { width: 100%; margin: 8px 0; padding: 7px 16px; border: 0; border-radius: 8px; background: #0095f6; color: #fff; font-weight: 600; }
          button:disabled { opacity: .7; }
          [role=alert] { color: #ed4956; font-size: 14px; margin: 10px 0; }
          [hidden] { display: none !important; }
        </style>
        </head>
        <body>
        {{body}}
        {{(string.IsNullOrEmpty(script) ? "" : "<script>" + script + "</script>")}}
        </body>
        </html>
        """, "text/html; charset=utf-8", statusCode: statusCode);

    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>A script-safe JS string literal (JSON-encoded; "&lt;/" cannot close the script element).</summary>
    public static string Js(string? text) => System.Text.Json.JsonSerializer.Serialize(text ?? "");
}
