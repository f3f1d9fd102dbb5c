using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Auth;
using InstaUploader.Web.Features.Errors;

namespace InstaUploader.Web.Features.WorkerApi;

/// <summary>
/// Workers save what they learned about an account after a run: the mobile API session (device + authorization)
/// and browser cookies, both encrypted at rest, plus login time and status (e.g. challenge, banned).
/// </summary>
public static class AccountStateApi
{
    public static IEndpointRouteBuilder MapAccountStateApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/accounts").RequireWorker().WithTags("Worker API")
            .MapPost("/{id:int}/session", SaveAsync);
        return app;
    }

    public sealed record SessionRequest(
        [property: JsonPropertyName("session_settings"), MaxLength(MaxStateLength)] string? SessionSettings,
        [property: JsonPropertyName("cookies"), MaxLength(MaxStateLength)] string? Cookies,
        [property: JsonPropertyName("cookies_count")] int? CookiesCount,
        [property: JsonPropertyName("logged_in")] bool? LoggedIn,
        [property: JsonPropertyName("status")] string? Status,
        [property: JsonPropertyName("error"), MaxLength(TextRules.MaxLogLineLength)] string? Error);

    /// <summary>A saved instagrapi session or a browser cookie jar.</summary>
    private const int MaxStateLength = 1_000_000;

    private static async Task<IResult> SaveAsync(int id, SessionRequest body, AppDbContext db, TimeProvider time, CancellationToken ct)
    {
        if (body.Status is not null && !AccountStatus.All.Contains(body.Status))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]>
            {
                ["status"] = [$"One of: {string.Join(", ", AccountStatus.All)}."],
            });
        }

        if (body.CookiesCount is < 0)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["cookies_count"] = ["Must not be negative."] });
        }

        var account = await db.Accounts.FindAsync([id], ct);
        if (account is null)
        {
            return Results.Problem(statusCode: 404, title: "Not found", detail: $"No account {id}.");
        }

        var now = time.GetUtcNow();
        account.SessionSettings = body.SessionSettings ?? account.SessionSettings;
        account.Cookies = body.Cookies ?? account.Cookies;
        account.CookiesCount = body.CookiesCount ?? account.CookiesCount;
        account.LastLoginAt = body.LoggedIn == true ? now : account.LastLoginAt;
        account.Status = body.Status ?? account.Status;
        account.LastError = body.Error ?? (body.Status == AccountStatus.Active ? null : account.LastError);
        account.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        return Results.Json(new { ok = true, id, status = account.Status, cookies_count = account.CookiesCount, last_login_at = account.LastLoginAt });
    }
}
