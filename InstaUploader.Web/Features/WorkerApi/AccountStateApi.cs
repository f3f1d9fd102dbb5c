using InstaUploader.Contracts.Accounts;
using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InstaUploader.Web.Features.WorkerApi;

/// <summary>
/// Workers save what they learned about an account after a run: the mobile API session (device + authorization)
/// and browser cookies, both encrypted at rest, plus login time and status (e.g. challenge, banned).
/// </summary>
public static class AccountStateApi
{
    public static IEndpointRouteBuilder MapAccountStateApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup(WorkerRoutes.AccountsGroup).RequireWorker().WithTags("Worker API")
            .MapPost(WorkerRoutes.AccountSessionTemplate, SaveAsync).WithBodyLimit(Queue.QueueApi.MaxReportBytes);
        return app;
    }

    private static async Task<Results<Ok<SessionAnswer>, ProblemHttpResult, ValidationProblem>> SaveAsync(int id, SessionRequest body, AppDbContext db, TimeProvider time, CancellationToken ct)
    {
        if (body.Status is not null && !AccountStatus.All.Contains(body.Status))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["status"] = [$"One of: {string.Join(", ", AccountStatus.All)}."],
            });
        }

        if (body.CookiesCount is < 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["cookies_count"] = ["Must not be negative."] });
        }

        var account = await db.Accounts.FindAsync([id], ct);
        if (account is null)
        {
            return TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"No account {id}.");
        }

        var now = time.GetUtcNow();
        account.SessionSettings = body.SessionSettings ?? account.SessionSettings;
        account.Cookies = body.Cookies ?? account.Cookies;
        account.CookiesCount = body.CookiesCount ?? account.CookiesCount;
        account.LastLoginAt = body.LoggedIn == true ? now : account.LastLoginAt;
        account.Status = body.Status ?? account.Status;
        account.LastError = body.Error ?? (body.Status == AccountStatus.Active ? null : account.LastError);
        account.LastErrorAt = body.Error is not null ? now : body.Status == AccountStatus.Active ? null : account.LastErrorAt;
        account.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new SessionAnswer(true, id, account.Status, account.CookiesCount, account.LastLoginAt));
    }
}
