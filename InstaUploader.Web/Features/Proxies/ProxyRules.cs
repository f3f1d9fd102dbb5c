using InstaUploader.Web.Features.Errors;

namespace InstaUploader.Web.Features.Proxies;

/// <summary>A proxy's connection fields, parsed or posted, before it is stored.</summary>
public sealed record ProxyDraft(string Scheme, string Host, int Port, string? Username, string? Password)
{
    public string Display => Data.Proxy.Label(Scheme, Username, Host, Port);
}

public static class ProxyRules
{
    public static readonly string[] Schemes = ["http", "https", "socks5"];
    public const int MaxCredentialLength = 256;

    public static string NormalizeScheme(string? scheme) => string.IsNullOrWhiteSpace(scheme) ? "http" : scheme.Trim().ToLowerInvariant();

    public static string? NormalizeHost(string? host) => host?.Trim().ToLowerInvariant();

    public static string? Blank(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>Validates the fields under their API names and returns the normalized draft when they are all fine.</summary>
    public static ProxyDraft? Validate(string? scheme, string? host, int? port, string? username, string? password, FieldErrors errors)
    {
        var s = NormalizeScheme(scheme);
        if (!Schemes.Contains(s))
        {
            errors.Add("scheme", $"Must be one of {string.Join(", ", Schemes)}.");
        }

        var h = NormalizeHost(host);
        if (string.IsNullOrEmpty(h))
        {
            errors.Add("host", "Is required.");
        }
        else if (h.Length > 253 || Uri.CheckHostName(h) == UriHostNameType.Unknown)
        {
            errors.Add("host", "Must be a host name or an IP address.");
        }

        if (port is null)
        {
            errors.Add("port", "Is required.");
        }
        else if (port is < 1 or > 65535)
        {
            errors.Add("port", "Must be between 1 and 65535.");
        }

        var user = Blank(username?.Trim());
        var pass = Blank(password);
        if (user is { Length: > MaxCredentialLength } || user?.Any(char.IsControl) == true)
        {
            errors.Add("username", $"Must be at most {MaxCredentialLength} printable characters.");
        }

        if (pass is { Length: > MaxCredentialLength } || pass?.Any(char.IsControl) == true)
        {
            errors.Add("password", $"Must be at most {MaxCredentialLength} printable characters.");
        }

        if (pass is not null && user is null)
        {
            errors.Add("password", "A password needs a username.");
        }

        return errors.Any ? null : new ProxyDraft(s, h!, port!.Value, user, pass);
    }
}
