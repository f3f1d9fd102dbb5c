using InstaUploader.Web.Features.Auth;
using InstaUploader.Web.Features.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;

namespace InstaUploader.Web.Features.Accounts;

public static class AccountsApi
{
    public static IHostApplicationBuilder AddAccounts(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<AccountService>();
        builder.Services.AddScoped<AccountImporter>();
        builder.Services.AddScoped<AccountBulk>();
        builder.Services.AddOptions<DolphinRemoteOptions>().BindConfiguration(DolphinRemoteOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // A create retried after a timeout could make a second profile (each counts against the plan's limit), so
        // POST is not retried; deletes are (an already deleted profile is a 404, which DeleteAsync accepts).
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is marked experimental; it is the supported way to replace the default one.
        builder.Services.AddHttpClient<DolphinProfilesClient>(DolphinProfilesClient.Configure)
            .RemoveAllResilienceHandlers()
            .AddStandardResilienceHandler(o => o.Retry.DisableFor(HttpMethod.Post));
#pragma warning restore EXTEXP0001
        builder.Services.TryAddScoped<ImportTextReader>();
        return builder;
    }

    public static IEndpointRouteBuilder MapAccountsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/accounts").RequireAuthorization(AuthExtensions.OperatorPolicy).WithTags("Accounts");

        api.MapGet("/", ListAsync).WithName("ListAccounts").WithSummary("List accounts (search by username, filter by status and tag)")
            .ProducesValidationProblem();
        api.MapGet("/tags", async (AccountService accounts, CancellationToken ct) => TypedResults.Ok(await accounts.TagsAsync(ct)))
            .WithName("ListAccountTags").WithSummary("Every tag in use with its number of accounts");
        api.MapGet("/{id:int}", GetAsync).WithName("GetAccount").WithSummary("Get an account (secrets masked)").ProducesProblem(404);
        api.MapPost("/", CreateAsync).WithName("CreateAccount").WithSummary("Create an account")
            .ProducesValidationProblem().ProducesProblem(409);
        api.MapPut("/{id:int}", UpdateAsync).WithName("UpdateAccount")
            .WithSummary("Replace an account's fields (null secrets keep the stored ones)")
            .ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409);
        api.MapDelete("/{id:int}", DeleteAsync).WithName("DeleteAccount").WithSummary("Delete an account not used by any task")
            .ProducesProblem(404).ProducesProblem(409);
        api.MapPost("/bulk", BulkAsync).WithName("BulkAccounts")
            .WithSummary("One action on every account of a selection (ids or the list's filter): assign_proxies, dolphin_profiles, set_status, tag, untag, delete, start_task")
            .ProducesValidationProblem().ProducesProblem(409);
        api.MapPost("/import", ImportAsync).WithName("ImportAccounts").WithBodyLimit(ImportTextReader.MaxBodyBytes)
            .WithSummary("Import accounts, one per line: username:password[:2fa_secret[:email[:email_password[:proxy]]]]")
            .Accepts<ImportTextRequest>("application/json", "text/plain", "multipart/form-data")
            .ProducesValidationProblem().ProducesProblem(409).ProducesProblem(413).ProducesProblem(415);
        return app;
    }

    private static async Task<Results<Ok<PagedList<AccountResponse>>, ProblemHttpResult>> ListAsync(
        [AsParameters] PageQuery page, AccountService accounts, CancellationToken ct, string? q = null, string? status = null, string? tag = null,
        string? health = null)
    {
        var result = await accounts.ListAsync(new AccountFilter(q, status, tag, health), page, ct);
        return result.Succeeded ? TypedResults.Ok(result.Value) : result.ToProblem();
    }

    private static async Task<Results<Ok<AccountResponse>, ProblemHttpResult>> GetAsync(int id, AccountService accounts, CancellationToken ct) =>
        await accounts.GetAsync(id, ct) is { } account
            ? TypedResults.Ok(account)
            : TypedResults.Problem(statusCode: 404, detail: $"Account {id} does not exist.");

    private static async Task<Results<Created<AccountResponse>, ProblemHttpResult>> CreateAsync(
        AccountRequest body, AccountService accounts, CancellationToken ct)
    {
        var result = await accounts.CreateAsync(body, ct);
        return result.Succeeded ? TypedResults.Created($"/api/v1/accounts/{result.Value!.Id}", result.Value) : result.ToProblem();
    }

    private static async Task<Results<Ok<AccountResponse>, ProblemHttpResult>> UpdateAsync(
        int id, AccountRequest body, AccountService accounts, CancellationToken ct)
    {
        var result = await accounts.UpdateAsync(id, body, ct);
        return result.Succeeded ? TypedResults.Ok(result.Value) : result.ToProblem();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(int id, AccountService accounts, CancellationToken ct)
    {
        var result = await accounts.DeleteAsync(id, ct);
        return result.Succeeded ? TypedResults.NoContent() : result.ToProblem();
    }

    private static async Task<Results<Ok<BulkReport>, ProblemHttpResult>> BulkAsync(AccountBulkRequest body, AccountBulk bulk, CancellationToken ct) =>
        (await bulk.RunAsync(body, ct)).ToBulkResult();

    private static async Task<Results<Ok<ImportReport>, ProblemHttpResult>> ImportAsync(
        HttpRequest request, ImportTextReader reader, AccountImporter importer, CancellationToken ct, bool update = false)
    {
        var text = await reader.ReadAsync(request, ct);
        if (!text.Succeeded)
        {
            return text.ToProblem();
        }

        var result = await importer.ImportAsync(text.Value!, update, ct);
        return result.Succeeded ? TypedResults.Ok(result.Value) : result.ToProblem();
    }
}
