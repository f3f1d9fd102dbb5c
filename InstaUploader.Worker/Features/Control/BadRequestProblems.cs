using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.WebUtilities;

namespace InstaUploader.Worker.Features.Control;

/// <summary>
/// A request the framework cannot bind (malformed JSON, a JSON value of the wrong type, a non-numeric task_id, a body
/// over the size limit) is the caller's mistake: it gets a ProblemDetails with the request's own 4xx status and the
/// reason, never a 500.
/// </summary>
public static class BadRequestProblems
{
    /// <summary>Start and process-query bodies are a few hundred bytes; anything near this is not a start call.</summary>
    public const long MaxBodyBytes = 64 * 1024;

    public static IServiceCollection AddBadRequestProblems(this IServiceCollection services)
    {
        // Outside Development minimal APIs answer a binding failure with an empty 400; throwing lets the handler
        // below say which parameter or JSON field was wrong.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddExceptionHandler<Handler>();
        return services;
    }

    /// <summary>
    /// Limits a route's body to <see cref="MaxBodyBytes"/>: <see cref="BodyLimits"/> answers a larger declared body 413
    /// (after reading it, so the caller gets the answer rather than a reset), and a chunked one is cut off by Kestrel
    /// (413 through the handler below).
    /// </summary>
    public static TBuilder WithBodyLimit<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithBodyLimit(MaxBodyBytes);

    private sealed class Handler(IProblemDetailsService problems) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
        {
            if (exception is not BadHttpRequestException bad || http.Response.HasStarted)
            {
                return false;
            }

            http.Response.StatusCode = bad.StatusCode;
            var problem = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [Field(bad)] = [bad.Message] })
            {
                Status = bad.StatusCode,
                Title = ReasonPhrases.GetReasonPhrase(bad.StatusCode),
                Detail = bad.Message,
            };
            return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
        }

        /// <summary>"$.task_id" → "task_id" for a JSON value of the wrong type; the query parameter's name; else "body".</summary>
        private static string Field(BadHttpRequestException bad)
        {
            if (bad.InnerException is JsonException { Path: { Length: > 2 } path } && path.StartsWith("$.", StringComparison.Ordinal))
            {
                return path[2..];
            }

            // Minimal APIs word a parameter failure as: Failed to bind parameter "int? task_id" from "abc".
            var quoted = bad.Message.Split('"');
            return quoted.Length > 2 && quoted[0].StartsWith("Failed to bind parameter", StringComparison.Ordinal)
                ? quoted[1].Split(' ')[^1]
                : "body";
        }
    }
}
