using InstaUploader.Web.Features.Accounts;
using InstaUploader.Web.Features.Auth;
using InstaUploader.Web.Features.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace InstaUploader.Web.Features.Proxies;

public static class ProxiesApi
{
    public static IHostApplicationBuilder AddProxies(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<ProxyService>();
        builder.Services.AddScoped<ProxyImporter>();
        builder.Services.AddScoped<ProxyBulk>();
        builder.Services.TryAddScoped<ImportTextReader>();
        return builder;
    }

    public static IEndpointRouteBuilder MapProxiesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/proxies").RequireAuthorization(AuthExtensions.OperatorPolicy).WithTags("Proxies");

        api.MapGet("/", ListAsync).WithName("ListProxies").WithSummary("List proxies (search by host or username, filter by status)")
            .ProducesValidationProblem();
        api.MapGet("/{id:int}", GetAsync).WithName("GetProxy").WithSummary("Get a proxy").ProducesProblem(404);
        api.MapPost("/", CreateAsync).WithName("CreateProxy").WithSummary("Create a proxy")
            .ProducesValidationProblem().ProducesProblem(409);
        api.MapPut("/{id:int}", UpdateAsync).WithName("UpdateProxy").WithSummary("Replace a proxy (a null password keeps the stored one)")
            .ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409);
        api.MapDelete("/{id:int}", DeleteAsync).WithName("DeleteProxy").WithSummary("Delete a proxy (its accounts keep running without one)")
            .ProducesProblem(404);
        api.MapPost("/bulk", async (ProxyBulkRequest body, ProxyBulk bulk, CancellationToken ct) => (await bulk.RunAsync(body, ct)).ToBulkResult())
            .WithName("BulkProxies")
            .WithSummary("One action on every proxy of a selection (ids or the list's filter): validate, delete_dead (reassign: move their accounts first), reassign_accounts")
            .ProducesValidationProblem().ProducesProblem(409);
        api.MapPost("/import", ImportAsync).WithName("ImportProxies")
            .WithSummary("Import proxies, one per line: host:port[:user:pass] or scheme://user:pass@host:port")
            .Accepts<ImportTextRequest>("application/json", "text/plain", "multipart/form-data")
            .ProducesValidationProblem().ProducesProblem(413).ProducesProblem(415);
        return app;
    }

    private static async Task<Results<Ok<PagedList<ProxyResponse>>, ProblemHttpResult>> ListAsync(
        [AsParameters] PageQuery page, ProxyService proxies, CancellationToken ct, string? q = null, string? status = null)
    {
        var result = await proxies.ListAsync(q, status, page, ct);
        return result.Succeeded ? TypedResults.Ok(result.Value) : result.ToProblem();
    }

    private static async Task<Results<Ok<ProxyResponse>, ProblemHttpResult>> GetAsync(int id, ProxyService proxies, CancellationToken ct) =>
        await proxies.GetAsync(id, ct) is { } proxy
            ? TypedResults.Ok(proxy)
            : TypedResults.Problem(statusCode: 404, detail: $"Proxy {id} does not exist.");

    private static async Task<Results<Created<ProxyResponse>, ProblemHttpResult>> CreateAsync(
        ProxyRequest body, ProxyService proxies, CancellationToken ct)
    {
        var result = await proxies.CreateAsync(body, ct);
        return result.Succeeded ? TypedResults.Created($"/api/v1/proxies/{result.Value!.Id}", result.Value) : result.ToProblem();
    }

    private static async Task<Results<Ok<ProxyResponse>, ProblemHttpResult>> UpdateAsync(
        int id, ProxyRequest body, ProxyService proxies, CancellationToken ct)
    {
        var result = await proxies.UpdateAsync(id, body, ct);
        return result.Succeeded ? TypedResults.Ok(result.Value) : result.ToProblem();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(int id, ProxyService proxies, CancellationToken ct)
    {
        var result = await proxies.DeleteAsync(id, ct);
        return result.Succeeded ? TypedResults.NoContent() : result.ToProblem();
    }

    private static async Task<Results<Ok<ImportReport>, ProblemHttpResult>> ImportAsync(
        HttpRequest request, ImportTextReader reader, ProxyImporter importer, CancellationToken ct,
        bool update = false, string? scheme = null)
    {
        var text = await reader.ReadAsync(request, ct);
        if (!text.Succeeded)
        {
            return text.ToProblem();
        }

        var result = await importer.ImportAsync(text.Value!, update, scheme, ct);
        return result.Succeeded ? TypedResults.Ok(result.Value) : result.ToProblem();
    }
}
