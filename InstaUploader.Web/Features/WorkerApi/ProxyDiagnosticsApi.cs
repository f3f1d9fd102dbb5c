using System.Net;
using InstaUploader.Contracts.Proxies;
using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InstaUploader.Web.Features.WorkerApi;

/// <summary>
/// Workers report a proxy check here (proxy_diag items): the proxy record keeps the latest outcome — status ok or
/// failed, when, connect latency, exit IP and the reason it failed.
/// </summary>
public static class ProxyDiagnosticsApi
{
    public const string Ok = "ok";
    public const string Failed = "failed";
    private const int MaxErrorLength = 1000;

    public static IEndpointRouteBuilder MapProxyDiagnosticsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup(WorkerRoutes.ProxiesGroup).RequireWorker().WithTags("Worker API")
            .MapPost(WorkerRoutes.ProxyDiagnosticsTemplate, SaveAsync);
        return app;
    }

    private static async Task<Results<Ok<DiagnosticsAnswer>, ProblemHttpResult, ValidationProblem>> SaveAsync(int id, DiagnosticsReport body, AppDbContext db, TimeProvider time, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (body.Ok is null)
        {
            errors["ok"] = ["Required: whether the proxy passed the check."];
        }

        if (body.LatencyMs is < 0)
        {
            errors["latency_ms"] = ["Must not be negative."];
        }

        if (body.ExitIp is { Length: > 0 } ip && !IPAddress.TryParse(ip, out _))
        {
            errors["exit_ip"] = ["Must be an IPv4 or IPv6 address."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var proxy = await db.Proxies.FindAsync([id], ct);
        if (proxy is null)
        {
            return TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"No proxy {id}.");
        }

        var passed = body.Ok == true;
        proxy.Status = passed ? Ok : Failed;
        proxy.LastCheckedAt = time.GetUtcNow();
        proxy.LastLatencyMs = body.LatencyMs;
        proxy.ExitIp = string.IsNullOrEmpty(body.ExitIp) ? null : body.ExitIp;
        proxy.LastError = passed ? null : Truncate(body.Error ?? "Check failed.");
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new DiagnosticsAnswer(proxy.Id, proxy.Status, proxy.LastCheckedAt, proxy.LastLatencyMs, proxy.ExitIp, proxy.LastError));
    }

    private static string Truncate(string s) => s.Length <= MaxErrorLength ? s : s[..MaxErrorLength];
}
