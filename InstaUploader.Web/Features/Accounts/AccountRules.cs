using System.Text.RegularExpressions;
using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Errors;

namespace InstaUploader.Web.Features.Accounts;

/// <summary>Validation and normalisation of account fields, shared by the editor and the importer.</summary>
public static partial class AccountRules
{
    public const int MaxUsernameLength = 30;
    public const int MaxSecretLength = 256;
    private const string Mask = "••••";

    /// <summary>Instagram's rule: letters, digits, periods and underscores; no trailing or doubled period.</summary>
    [GeneratedRegex("^[a-z0-9._]{1,30}$", RegexOptions.CultureInvariant)]
    private static partial Regex UsernamePattern();

    public const int MaxTags = 20;
    public const int MaxTagLength = 40;

    [GeneratedRegex("^[a-z0-9][a-z0-9._:-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex TagPattern();

    [GeneratedRegex("^[A-Z2-7]+=*$", RegexOptions.CultureInvariant)]
    private static partial Regex Base32Pattern();

    public static string NormalizeUsername(string? username) => (username ?? "").Trim().TrimStart('@').ToLowerInvariant();

    /// <summary>Authenticator apps show seeds grouped and in lower case; TOTP wants plain upper-case base32.</summary>
    public static string NormalizeTwoFactor(string secret) =>
        new string(secret.Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray()).ToUpperInvariant();

    public static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    public static void ValidateUsername(string username, FieldErrors errors)
    {
        if (username.Length == 0)
        {
            errors.Add("username", "Is required.");
        }
        else if (!UsernamePattern().IsMatch(username))
        {
            errors.Add("username", $"Must be 1–{MaxUsernameLength} characters: letters, digits, '.' and '_'.");
        }
        else if (username.EndsWith('.') || username.Contains("..", StringComparison.Ordinal))
        {
            errors.Add("username", "Cannot end with a period or contain two periods in a row.");
        }
    }

    public static void ValidatePassword(string? password, string field, bool required, FieldErrors errors)
    {
        if (string.IsNullOrEmpty(password))
        {
            if (required)
            {
                errors.Add(field, "Is required.");
            }
        }
        else if (password.Length > MaxSecretLength || password.Any(char.IsControl))
        {
            errors.Add(field, $"Must be at most {MaxSecretLength} printable characters.");
        }
    }

    public static void ValidateTwoFactor(string? normalized, FieldErrors errors)
    {
        if (normalized is { Length: > 0 } && (normalized.Length is < 16 or > 128 || !Base32Pattern().IsMatch(normalized)))
        {
            errors.Add("two_factor_secret", "Must be a base32 TOTP seed (16–128 characters A–Z, 2–7).");
        }
    }

    public static void ValidateEmail(string? email, FieldErrors errors)
    {
        if (email is null)
        {
            return;
        }

        var at = email.IndexOf('@', StringComparison.Ordinal);
        if (email.Length > 254 || at <= 0 || at == email.Length - 1 || email.Any(char.IsWhiteSpace))
        {
            errors.Add("email_login", "Must be an e-mail address.");
        }
    }

    public static void ValidateStatus(string? status, FieldErrors errors)
    {
        if (status is not null && !AccountStatus.All.Contains(status))
        {
            errors.Add("status", $"Must be one of {string.Join(", ", AccountStatus.All)}.");
        }
    }

    public static string NormalizeTag(string? tag) => (tag ?? "").Trim().TrimStart('#').ToLowerInvariant();

    /// <summary>Tags lower-cased, trimmed, de-duplicated and sorted; problems reported under <paramref name="field"/>.</summary>
    public static List<string> NormalizeTags(IEnumerable<string?> tags, string field, FieldErrors errors)
    {
        var result = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var tag in tags.Select(NormalizeTag))
        {
            if (tag.Length > MaxTagLength || !TagPattern().IsMatch(tag))
            {
                errors.Add(field, $"Tag '{tag}' must be 1–{MaxTagLength} characters: letters, digits, '.', '_', ':' and '-'.");
            }
            else
            {
                result.Add(tag);
            }
        }

        if (result.Count > MaxTags)
        {
            errors.Add(field, $"At most {MaxTags} tags.");
        }

        return [.. result];
    }

    /// <summary>
    /// Validates a request and returns it normalised (username lower case, 2FA seed compacted, blanks as null),
    /// or null with the problems in <paramref name="errors"/>. On update a null password means "keep".
    /// </summary>
    public static AccountRequest? Normalize(AccountRequest request, bool creating, FieldErrors errors)
    {
        var username = NormalizeUsername(request.Username);
        ValidateUsername(username, errors);
        ValidatePassword(request.Password, "password", required: creating || request.Password is not null, errors);
        var twoFactor = request.TwoFactorSecret is null ? null : NormalizeTwoFactor(request.TwoFactorSecret);
        ValidateTwoFactor(twoFactor, errors);
        var email = Blank(request.EmailLogin);
        ValidateEmail(email, errors);
        ValidatePassword(request.EmailPassword, "email_password", required: false, errors);
        ValidateStatus(request.Status, errors);
        var dolphin = Blank(request.DolphinProfileId);
        if (dolphin is { Length: > 128 })
        {
            errors.Add("dolphin_profile_id", "Must be at most 128 characters.");
        }

        var notes = Blank(request.Notes);
        if (notes is { Length: > 4000 })
        {
            errors.Add("notes", "Must be at most 4000 characters.");
        }

        var proxy = Blank(request.Proxy);
        if (request.ProxyId is not null && proxy is not null)
        {
            errors.Add("proxy", "Give either proxy_id or proxy, not both.");
        }

        var tags = request.Tags is null ? null : NormalizeTags(request.Tags, "tags", errors);
        var zone = Blank(request.TimeZone);
        if (zone is not null && !Calendar.TimeZones.IsKnown(zone))
        {
            errors.Add("time_zone", "An IANA time zone, e.g. Europe/Berlin (empty: the agency's).");
        }

        return errors.Any
            ? null
            : request with
            {
                Username = username, TwoFactorSecret = twoFactor, EmailLogin = email, DolphinProfileId = dolphin, Notes = notes, Proxy = proxy,
                Tags = tags, TimeZone = zone,
            };
    }

    /// <summary>"••••AB12" for a long enough seed; a short one is fully masked.</summary>
    public static string? MaskTail(string? secret) =>
        secret is null ? null : secret.Length >= 16 ? Mask + secret[^4..] : Mask;

    public static string? MaskAll(bool present) => present ? Mask + Mask : null;
}
