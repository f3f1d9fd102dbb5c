using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace InstaUploader.Web.Features.Errors;

/// <summary>
/// Global error shape: every rejected request (malformed JSON, unparsable route/query values, wrong content type,
/// a body over Kestrel's limit) becomes a ProblemDetails with the request's own status code instead of a 500.
/// Program.cs's <c>UseExceptionHandler()</c> and <c>UseStatusCodePages()</c> already run the handler and give
/// empty 4xx responses (401, 404, 405) a ProblemDetails body, so there is no middleware to add here.
/// </summary>
public static class ErrorHandling
{
    public static IHostApplicationBuilder AddErrorHandling(this IHostApplicationBuilder builder)
    {
        // Outside Development minimal APIs answer a bad request with an empty 400 and only log why; throwing lets
        // the handler below put the reason (and the offending JSON field) into the ProblemDetails.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        return builder;
    }
}

internal sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad || httpContext.Response.HasStarted)
        {
            return false;
        }

        httpContext.Response.StatusCode = bad.StatusCode;
        ProblemDetails problem = JsonField(bad) is { } field
            ? new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = ["The value is not valid JSON for this field."] })
            {
                Status = bad.StatusCode,
                Detail = bad.Message,
            }
            : new ProblemDetails
            {
                Status = bad.StatusCode,
                Title = ReasonPhrases.GetReasonPhrase(bad.StatusCode),
                Detail = bad.Message,
            };
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>"$.proxy_id" → "proxy_id" when a JSON value had the wrong type; null for syntax errors.</summary>
    private static string? JsonField(BadHttpRequestException bad) =>
        bad.InnerException is JsonException { Path: { Length: > 2 } path } && path.StartsWith("$.", StringComparison.Ordinal)
            ? path[2..]
            : null;
}
