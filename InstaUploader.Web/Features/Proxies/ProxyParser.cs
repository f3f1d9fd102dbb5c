using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using InstaUploader.Web.Features.Errors;

namespace InstaUploader.Web.Features.Proxies;

/// <summary>
/// Parses the proxy notations operators paste: <c>host:port</c>, <c>host:port:user:pass</c>,
/// <c>user:pass@host:port</c> and <c>scheme://user:pass@host:port</c>.
/// </summary>
public static class ProxyParser
{
    public static bool TryParse(string text, string defaultScheme, [NotNullWhen(true)] out ProxyDraft? proxy, out string error)
    {
        proxy = null;
        text = text.Trim();
        if (text.Length == 0)
        {
            error = "The proxy is empty.";
            return false;
        }

        if (!text.Contains("://", StringComparison.Ordinal) && text.Contains('@', StringComparison.Ordinal))
        {
            text = $"{defaultScheme}://{text}";
        }

        string? scheme, host, user = null, pass = null;
        int? port;
        if (text.Contains("://", StringComparison.Ordinal))
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.AbsolutePath is not ("/" or "") || uri.Query.Length > 0)
            {
                error = "Not a proxy URL of the form scheme://user:pass@host:port.";
                return false;
            }

            scheme = uri.Scheme;
            host = uri.Host;
            port = uri.Port > 0 ? uri.Port : null;
            if (uri.UserInfo.Length > 0)
            {
                var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
                user = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
                pass = colon < 0 ? null : Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }
        else
        {
            // host:port[:user:pass]; the password keeps any further colons.
            var parts = text.Split(':', 4);
            if (parts.Length is not (2 or 4))
            {
                error = "Expected host:port, host:port:user:pass or a proxy URL.";
                return false;
            }

            scheme = defaultScheme;
            host = parts[0];
            port = int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : -1;
            if (parts.Length == 4)
            {
                user = parts[2];
                pass = parts[3];
            }
        }

        var errors = new FieldErrors();
        proxy = ProxyRules.Validate(scheme, host, port, user, pass, errors);
        error = errors.ToString();
        return proxy is not null;
    }
}
