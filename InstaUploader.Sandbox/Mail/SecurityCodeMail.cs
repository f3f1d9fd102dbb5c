using InstaUploader.Sandbox.State;

namespace InstaUploader.Sandbox.Mail;

/// <summary>
/// The security-code mail as Instagram sends it: HTML only, styled with six-digit colours (#262626, #8e8e8e) and a
/// footer with the company's address, the code inside a line of markup. A reader that takes the first six digits of
/// the raw HTML reads a colour; the reference's own challenge examples take the code between tags (instagrapi
/// docs/usage-guide/challenge_resolver.md reads <c>&gt;(\d{6})&lt;</c>).
/// </summary>
internal static class SecurityCodeMail
{
    public const string From = "security@mail.instagram.com";

    public static SandboxMail Create(string to, string username, string code, DateTimeOffset at) => new(
        to, From, "Verify your account", Html(username, code), at, "text/html");

    private static string Html(string username, string code) => $$"""
        <!DOCTYPE html><html lang="en"><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
        <style type="text/css">body{margin:0;padding:0;color:#262626}a{color:#00376b}.footer{color:#8e8e8e;font-size:11px}</style>
        </head><body><table border="0" cellspacing="0" cellpadding="0" width="100%" style="max-width:510px;color:#262626;font-family:Helvetica,Arial,sans-serif"><tr><td style="padding:10px 0 20px 0">
        <p style="margin:10px 0;color:#565a5c;font-size:18px">Hi {{username}},</p><p style="margin:10px 0 10px 0;color:#565a5c;font-size:18px">Someone tried to log in to your Instagram account. If this was you, please use the following code to confirm your identity:</p></td></tr><tr><td style="padding:10px;color:#565a5c;font-size:32px;font-weight:500;text-align:center;padding-bottom:25px"><font size="6">{{code}}</font></td></tr>
        <tr><td class="footer" style="color:#8e8e8e;font-size:11px">&copy; Instagram. Meta Platforms, Inc., 1601 Willow Road, Menlo Park, CA 94025<br>This message was sent to you because of account 100245 activity.</td></tr></table></body></html>
        """;
}
