using System.Net;
using System.Text.RegularExpressions;

namespace InstaUploader.Instagram.Mail;

/// <summary>
/// Finds the 6-digit security code in an Instagram mail: the subject, the plain text, then the HTML as a reader sees
/// it. Instagram's mail is HTML whose styles carry six-digit colours (<c>#262626</c>) and whose footer carries an
/// address; only what is shown as text counts, and a code alone on its line wins over digits inside a sentence.
/// </summary>
public static partial class SecurityCodeText
{
    public static string? Find(string? subject, string? text, string? html)
    {
        foreach (var candidate in new[] { subject, text, html is null ? null : VisibleText(html) })
        {
            if (candidate is not null && (CodeLine().Match(candidate) is { Success: true } line ? line.Groups[1] : SixDigits().Match(candidate)) is { Success: true } match)
            {
                return match.Value;
            }
        }

        return null;
    }

    /// <summary>The text a mail reader would show: no head, styles or scripts, tags as line breaks, entities decoded.</summary>
    public static string VisibleText(string html)
    {
        var body = Invisible().Replace(html, " ");
        return WebUtility.HtmlDecode(Tag().Replace(body, "\n"));
    }

    /// <summary>Six digits standing as a word of their own (not inside "user_f5a587994a", not a colour "#262626").</summary>
    [GeneratedRegex(@"(?<![\w#&])\d{6}(?!\w)")]
    private static partial Regex SixDigits();

    [GeneratedRegex(@"^\s*(\d{6})\s*$", RegexOptions.Multiline)]
    private static partial Regex CodeLine();

    [GeneratedRegex(@"<(head|style|script)\b.*?</\1\s*>|<!--.*?-->", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Invisible();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Tag();
}
