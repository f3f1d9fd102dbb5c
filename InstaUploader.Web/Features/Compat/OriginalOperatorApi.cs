using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Accounts;
using InstaUploader.Web.Features.Auth;
using InstaUploader.Web.Features.Errors;
using InstaUploader.Web.Features.Follow;
using InstaUploader.Web.Features.Proxies;
using InstaUploader.Web.Features.Tasks;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Compat;

/// <summary>
/// The original Web's account, proxy, media and follow-category routes (modules/web_ui_service/dashboard/urls.py; its
/// ui_client.py calls them with the worker token), each a thin mapping onto our own feature: same paths, the
/// original's field names in, its <c>{"ok": true, …}</c> answers out, bad input a ProblemDetails whose detail the
/// original's <c>{"detail": …}</c> readers still find. What a caller sees is its workspace's, as on /api/v1.
/// </summary>
public static class OriginalOperatorApi
{
    public static IEndpointRouteBuilder MapOriginalOperatorApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization(AuthExtensions.MachinePolicy).WithTags("Original Web");

        api.MapPost("/accounts/create/", CreateAccountAsync).WithName("OriginalCreateAccount")
            .WithSummary("Create an account from InstagramAccount's fields").ProducesValidationProblem().ProducesProblem(409);
        api.MapPost("/accounts/import/", ImportAccountsAsync).WithName("OriginalImportAccounts")
            .WithSummary("Create accounts {\"accounts\": [...]}; existing usernames are skipped").ProducesValidationProblem();
        api.MapPost("/accounts/{id:int}/edit/", EditAccountAsync).WithName("OriginalEditAccount")
            .WithSummary("Change the fields given; the others keep their values").ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409);
        api.MapPost("/accounts/bulk-change-proxy/", ChangeProxyAsync).WithName("OriginalBulkChangeProxy")
            .WithSummary("Put every account on one proxy (proxy_id null: none)").ProducesValidationProblem();
        api.MapPost("/accounts/{id:int}/create-dolphin-profile/", CreateDolphinProfileAsync).WithName("OriginalCreateDolphinProfile")
            .WithSummary("Create the account's Dolphin Anty profile unless it has one").ProducesProblem(404).ProducesProblem(409);
        api.MapPost("/proxies/create/", CreateProxyAsync).WithName("OriginalCreateProxy")
            .WithSummary("Create a proxy (proxy_type HTTP, HTTPS or SOCKS5)").ProducesValidationProblem().ProducesProblem(409);
        api.MapPost("/proxies/import/", ImportProxiesAsync).WithName("OriginalImportProxies")
            .WithSummary("Create proxies {\"proxies\": [...]}; existing ones are skipped").ProducesValidationProblem();
        api.MapPost("/proxies/validate-all/", ValidateAllProxiesAsync).WithName("OriginalValidateAllProxies")
            .WithSummary("Start one proxy diagnostics task over every proxy").ProducesProblem(409);
        api.MapPost("/proxies/cleanup-inactive/", CleanupInactiveProxiesAsync).WithName("OriginalCleanupInactiveProxies")
            .WithSummary("Delete the proxies whose last check failed (their accounts keep running without one)").ProducesProblem(409);
        api.MapPost("/media/uniquify/", UniquifyAsync).WithName("OriginalUniquifyMedia")
            .WithSummary("Start a media_uniq task making one unique copy of each video").ProducesValidationProblem().ProducesProblem(409);
        api.MapPost("/follow/categories/create/", CreateCategoryAsync).WithName("OriginalCreateFollowCategory")
            .WithSummary("Create a follow category").ProducesValidationProblem().ProducesProblem(409);
        return app;
    }

    private static async Task<Results<Ok<AccountSaved>, ProblemHttpResult>> CreateAccountAsync(
        OriginalAccountRequest body, AccountService accounts, CancellationToken ct)
    {
        var created = await accounts.CreateAsync(OriginalNames.ToAccountRequest(body), ct);
        return created.Succeeded
            ? TypedResults.Ok(new AccountSaved(true, created.Value!.Id, created.Value.Username))
            : OriginalNames.Problem(created);
    }

    private static async Task<Results<Ok<ImportTally>, ProblemHttpResult>> ImportAccountsAsync(
        OriginalAccountsImport body, AccountService accounts, CancellationToken ct)
    {
        if (body.Accounts is not { Count: > 0 } list || list.Count > AccountBulk.MaxIds)
        {
            return TypedResults.Problem(OriginalNames.Invalid("accounts", $"Give 1 to {AccountBulk.MaxIds} accounts."));
        }

        var tally = new Tally();
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is { } account)
            {
                tally.Add(i, await accounts.CreateAsync(OriginalNames.ToAccountRequest(account), ct));
            }
            else
            {
                tally.Refuse(i, "Not an account object.");
            }
        }

        return TypedResults.Ok(tally.ToAnswer());
    }

    private static async Task<Results<Ok<AccountSaved>, ProblemHttpResult>> EditAccountAsync(
        int id, OriginalAccountRequest body, AccountService accounts, CancellationToken ct)
    {
        if (await accounts.GetAsync(id, ct) is not { } current)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, detail: "Account not found");
        }

        var saved = await accounts.UpdateAsync(id, OriginalNames.ToAccountRequest(body, current), ct);
        return saved.Succeeded
            ? TypedResults.Ok(new AccountSaved(true, saved.Value!.Id, saved.Value.Username))
            : OriginalNames.Problem(saved);
    }

    private static async Task<Results<Ok<ProxyChanged>, ProblemHttpResult>> ChangeProxyAsync(
        OriginalProxyChange body, AccountService accounts, CancellationToken ct)
    {
        if (body.AccountIds is not { Count: > 0 } ids || ids.Count > AccountBulk.MaxIds)
        {
            return TypedResults.Problem(OriginalNames.Invalid("account_ids", $"Give 1 to {AccountBulk.MaxIds} account ids."));
        }

        var currents = new List<AccountResponse>();
        foreach (var id in ids.Distinct())
        {
            if (await accounts.GetAsync(id, ct) is not { } current)
            {
                return TypedResults.Problem(OriginalNames.Invalid("account_ids", $"No account {id}."));
            }

            currents.Add(current);
        }

        foreach (var current in currents)
        {
            var request = OriginalNames.ToAccountRequest(new OriginalAccountRequest(), current) with { ProxyId = body.ProxyId };
            if (await accounts.UpdateAsync(current.Id, request, ct) is { Succeeded: false } failed)
            {
                return OriginalNames.Problem(failed);
            }
        }

        return TypedResults.Ok(new ProxyChanged(true, currents.Count));
    }

    private static async Task<Results<Ok<DolphinProfileMade>, ProblemHttpResult>> CreateDolphinProfileAsync(
        int id, AccountService accounts, AccountBulk bulk, CancellationToken ct)
    {
        if (await accounts.GetAsync(id, ct) is not { } before)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, detail: "Account not found");
        }

        if (before.DolphinProfileId is not null)
        {
            return TypedResults.Ok(new DolphinProfileMade(true, id, before.DolphinProfileId, Created: false));
        }

        var made = await bulk.RunAsync(new AccountBulkRequest(BulkActions.DolphinProfiles, Ids: [id]), ct);
        if (!made.Succeeded)
        {
            return made.ToProblem();
        }

        if (!made.Value!.Committed)
        {
            var why = made.Value.Records.FirstOrDefault(r => r.Outcome == BulkReport.Error)?.Detail;
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, detail: $"Dolphin Anty made no profile: {why}");
        }

        var after = await accounts.GetAsync(id, ct);
        return TypedResults.Ok(new DolphinProfileMade(true, id, after?.DolphinProfileId, Created: true));
    }

    private static async Task<Results<Ok<ProxySaved>, ProblemHttpResult>> CreateProxyAsync(
        OriginalProxyRequest body, ProxyService proxies, CancellationToken ct)
    {
        var created = await proxies.CreateAsync(OriginalNames.ToProxyRequest(body), ct);
        return created.Succeeded
            ? TypedResults.Ok(new ProxySaved(true, created.Value!.Id, created.Value.Display))
            : OriginalNames.Problem(created);
    }

    private static async Task<Results<Ok<ImportTally>, ProblemHttpResult>> ImportProxiesAsync(
        OriginalProxiesImport body, ProxyService proxies, CancellationToken ct)
    {
        if (body.Proxies is not { Count: > 0 } list || list.Count > AccountBulk.MaxIds)
        {
            return TypedResults.Problem(OriginalNames.Invalid("proxies", $"Give 1 to {AccountBulk.MaxIds} proxies."));
        }

        var tally = new Tally();
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is { } proxy)
            {
                tally.Add(i, await proxies.CreateAsync(OriginalNames.ToProxyRequest(proxy), ct));
            }
            else
            {
                tally.Refuse(i, "Not a proxy object.");
            }
        }

        return TypedResults.Ok(tally.ToAnswer());
    }

    private static async Task<Results<Ok<ProxiesValidating>, ProblemHttpResult>> ValidateAllProxiesAsync(
        AppDbContext db, ProxyBulk bulk, CancellationToken ct)
    {
        if (!await db.Proxies.AnyAsync(ct))
        {
            return TypedResults.Ok(new ProxiesValidating(true, null, 0));
        }

        var report = await bulk.RunAsync(new ProxyBulkRequest(BulkActions.ValidateAll, Filter: new ProxyFilter()), ct);
        return report.Succeeded
            ? TypedResults.Ok(new ProxiesValidating(true, report.Value!.TaskId, report.Value.Matched))
            : report.ToProblem();
    }

    private static async Task<Results<Ok<ProxiesCleaned>, ProblemHttpResult>> CleanupInactiveProxiesAsync(
        AppDbContext db, ProxyBulk bulk, CancellationToken ct)
    {
        var dead = new ProxyFilter(Status: WorkerApi.ProxyDiagnosticsApi.Failed);
        if (!await ProxyService.Filter(db.Proxies, dead).AnyAsync(ct))
        {
            return TypedResults.Ok(new ProxiesCleaned(true, 0));
        }

        var report = await bulk.RunAsync(new ProxyBulkRequest(BulkActions.DeleteDead, Filter: dead), ct);
        return report.Succeeded
            ? TypedResults.Ok(new ProxiesCleaned(true, report.Value!.Records.Count(r => r.Outcome == BulkReport.Ok)))
            : report.ToProblem();
    }

    private static async Task<Results<Ok<UniquifyStarted>, ProblemHttpResult>> UniquifyAsync(
        OriginalUniquifyRequest body, TaskService tasks, CancellationToken ct)
    {
        if (body.VideoIds is not { Count: > 0 } videoIds)
        {
            return TypedResults.Problem(OriginalNames.Invalid("video_ids", "No video IDs provided"));
        }

        var outcome = await tasks.CreateAsync(new CreateTaskRequest
        {
            Kind = TaskKinds.MediaUniq, MediaIds = [.. videoIds], Start = true,
            Options = System.Text.Json.JsonSerializer.SerializeToElement(new MediaUniqOptions(Copies: 1)),
        }, ct);
        return outcome switch
        {
            { Errors: { } errors } => TypedResults.Problem(OriginalNames.Invalid(errors.ToDictionary(e => e.Key == "media_ids" ? "video_ids" : e.Key, e => e.Value))),
            { Task: { } task } => TypedResults.Ok(new UniquifyStarted(true, task.Id, videoIds.Count, "Uniquification task started")),
            _ => TypedResults.Problem(statusCode: outcome.Status ?? StatusCodes.Status409Conflict, detail: outcome.Detail),
        };
    }

    private static async Task<Results<Ok<CategorySaved>, ProblemHttpResult>> CreateCategoryAsync(
        Contracts.Follow.CategoryRequest body, FollowCatalog catalog, CancellationToken ct)
    {
        var created = await catalog.CreateAsync(body.Name, body.Description, ct);
        return created.Succeeded ? TypedResults.Ok(new CategorySaved(true, created.Value, body.Name!.Trim())) : created.ToProblem();
    }

    private sealed record MediaUniqOptions([property: System.Text.Json.Serialization.JsonPropertyName("copies")] int Copies);

    /// <summary>Counts an import's entries: a 409 (already there) is skipped, any other refusal listed by index.</summary>
    private sealed class Tally
    {
        private int created;
        private int skipped;
        private readonly List<RefusedEntry> refused = [];

        public void Add<T>(int index, ServiceResult<T> result)
        {
            switch (result.Status)
            {
                case ServiceStatus.Ok: created++; break;
                case ServiceStatus.Conflict: skipped++; break;
                default: refused.Add(new RefusedEntry(index, OriginalNames.Describe(result))); break;
            }
        }

        public void Refuse(int index, string detail) => refused.Add(new RefusedEntry(index, detail));

        public ImportTally ToAnswer() => new(true, created, skipped, refused);
    }
}
