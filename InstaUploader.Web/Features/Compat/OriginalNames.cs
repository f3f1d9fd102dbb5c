using InstaUploader.Web.Features.Accounts;
using InstaUploader.Web.Features.Errors;
using InstaUploader.Web.Features.Proxies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace InstaUploader.Web.Features.Compat;

/// <summary>
/// Translates between the original Web's field names and ours, both ways: requests into our bodies, and our field
/// errors back into the names the caller sent.
/// </summary>
public static class OriginalNames
{
    private static readonly Dictionary<string, string> Fields = new(StringComparer.Ordinal)
    {
        ["two_factor_secret"] = "tfa_secret",
        ["email_login"] = "email_username",
        ["scheme"] = "proxy_type",
    };

    /// <summary>A create body, or with <paramref name="current"/> an edit: what the caller left out keeps its value.</summary>
    public static AccountRequest ToAccountRequest(OriginalAccountRequest body, AccountResponse? current = null) => new(
        Username: body.Username ?? current?.Username,
        Password: body.Password,
        TwoFactorSecret: body.TfaSecret,
        EmailLogin: body.EmailUsername ?? current?.EmailLogin,
        EmailPassword: body.EmailPassword,
        DolphinProfileId: body.DolphinProfileId ?? current?.DolphinProfileId,
        ProxyId: body.ProxyId ?? current?.ProxyId,
        Status: body.Status?.Trim().ToLowerInvariant(),
        Notes: body.Notes ?? current?.Notes,
        TimeZone: current?.TimeZone);

    public static ProxyRequest ToProxyRequest(OriginalProxyRequest body) =>
        new(body.ProxyType, body.Host, body.Port, body.Username, body.Password);

    /// <summary>A failed result as a ProblemDetails whose field errors carry the original's names.</summary>
    public static ProblemHttpResult Problem<T>(ServiceResult<T> result) =>
        result.Errors is { Count: > 0 } errors ? TypedResults.Problem(Invalid(errors)) : result.ToProblem();

    public static ProblemDetails Invalid(string field, string error) =>
        Invalid(new Dictionary<string, string[]> { [field] = [error] });

    public static ProblemDetails Invalid(IReadOnlyDictionary<string, string[]> errors)
    {
        var renamed = errors.ToDictionary(e => Fields.GetValueOrDefault(e.Key, e.Key), e => e.Value, StringComparer.Ordinal);
        return new HttpValidationProblemDetails(renamed)
        {
            Status = StatusCodes.Status400BadRequest,
            // The original answered {"detail": "..."} and its callers read detail, so detail carries the field messages too.
            Detail = string.Join("; ", renamed.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")),
        };
    }

    /// <summary>One line for an import's refused entry.</summary>
    public static string Describe<T>(ServiceResult<T> result) =>
        result.Errors is { Count: > 0 } errors
            ? string.Join("; ", errors.Select(e => $"{Fields.GetValueOrDefault(e.Key, e.Key)}: {string.Join(" ", e.Value)}"))
            : result.Detail ?? result.Status.ToString();
}
