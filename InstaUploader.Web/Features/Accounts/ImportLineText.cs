namespace InstaUploader.Web.Features.Accounts;

/// <summary>
/// An import line as its problem report shows it: as typed, but with passwords and 2FA secrets replaced, because the
/// report is sent back and downloaded while secrets are never returned in full.
/// </summary>
public static class ImportLineText
{
    public const string Hidden = "••••";
    private const int MaxChars = 300;

    /// <summary><c>username:password[:2fa_secret[:email[:email_password[:proxy]]]]</c></summary>
    public static string Account(string line)
    {
        var fields = line.Split(':', 6);
        foreach (var secret in (int[])[1, 2, 4])
        {
            if (fields.Length > secret && fields[secret].Length > 0)
            {
                fields[secret] = Hidden;
            }
        }

        if (fields.Length > 5)
        {
            fields[5] = Proxy(fields[5]);
        }

        return Short(string.Join(':', fields));
    }

    /// <summary><c>host:port[:user:pass]</c>, <c>user:pass@host:port</c> or <c>scheme://user:pass@host:port</c>.</summary>
    public static string Proxy(string line)
    {
        var at = line.LastIndexOf('@');
        if (at >= 0)
        {
            var scheme = line.IndexOf("://", StringComparison.Ordinal);
            var userStart = scheme >= 0 && scheme < at ? scheme + 3 : 0;
            var colon = line.IndexOf(':', userStart);
            return Short(colon >= 0 && colon < at ? line[..(colon + 1)] + Hidden + line[at..] : line);
        }

        var parts = line.Split(':', 4);
        if (parts.Length == 4 && parts[3].Length > 0)
        {
            parts[3] = Hidden;
        }

        return Short(string.Join(':', parts));
    }

    private static string Short(string text) => text.Length <= MaxChars ? text : text[..MaxChars] + "…";
}
