using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Npgsql;

namespace InstaUploader.Web.Features.Errors;

/// <summary>
/// Global error shape: every rejected request (malformed JSON, a field breaking <see cref="JsonInputRules"/>, unparsable
/// route/query values, wrong content type, a body over Kestrel's limit, a value PostgreSQL refuses) becomes a
/// ProblemDetails with a 4xx status instead of a 500. Program.cs's <c>UseExceptionHandler()</c> and
/// <c>UseStatusCodePages()</c> run the handler and give empty 4xx responses (401, 404, 405) a ProblemDetails body;
/// <see cref="RequestRules"/> checks query strings, route values and stored headers before any endpoint runs; a database
/// outage is a 503 (<see cref="DatabaseOutageHandler"/>).
/// </summary>
public static class ErrorHandling
{
    public static IHostApplicationBuilder AddErrorHandling(this IHostApplicationBuilder builder)
    {
        // Outside Development minimal APIs answer a bad request with an empty 400 and only log why; throwing lets
        // the handler below put the reason (and the offending JSON field) into the ProblemDetails.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.Configure<Microsoft.AspNetCore.Http.Json.JsonOptions>(o => JsonInputRules.Apply(o.SerializerOptions));
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        builder.Services.AddExceptionHandler<DatabaseOutageHandler>();
        return builder;
    }
}

internal sealed class BadRequestExceptionHandler(IProblemDetailsService problems, ILogger<BadRequestExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (httpContext.Response.HasStarted || Problem(exception) is not { } problem)
        {
            return false;
        }

        if (exception is not BadHttpRequestException)
        {
            // The request was bad but got past the checks in front of the database: worth knowing which route.
            logger.LogWarning("Bad input reached {Path}: {Reason}", httpContext.Request.Path, problem.Detail);
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private static ProblemDetails? Problem(Exception exception)
    {
        // A JsonInputException arrives wrapped in a BadHttpRequestException or bare (bodies read by hand): the loop below maps both.
        if (exception is BadHttpRequestException bad && bad.InnerException is not JsonInputException)
        {
            return bad.InnerException switch
            {
                JsonException { Path: { Length: > 2 } path } when path.StartsWith("$.", StringComparison.Ordinal) =>
                    Validation(bad.StatusCode, new Dictionary<string, string[]> { [path[2..]] = ["The value is not valid JSON for this field."] }, bad.Message),
                _ => new ProblemDetails { Status = bad.StatusCode, Title = ReasonPhrases.GetReasonPhrase(bad.StatusCode), Detail = bad.Message },
            };
        }

        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case Workspaces.WorkspaceForbiddenException forbidden:
                    return Plain(403, forbidden.Message);
                case JsonInputException input:
                    return Validation(400, input.ErrorsAt(input.Path), "One or more fields are not valid.");
                case JsonException json:
                    return Plain(400, "The body is not valid JSON for this request: " + json.Message);
                case PostgresException { SqlState: var state } pg when state.StartsWith("22", StringComparison.Ordinal):
                    // Class 22 (data exception): NUL in text (22021) or jsonb (22P05), a value too long or out of range.
                    return Plain(400, "A value in the request cannot be stored: " + pg.MessageText);
                case PostgresException { SqlState: PostgresErrorCodes.UniqueViolation }:
                    return Plain(409, "A record with the same unique value already exists.");
                case InvalidOperationException { Source: "System.Text.Json" } json:
                    // The reader refuses some escapes only when a string is materialized (a lone "\ud800").
                    return Plain(400, "The body is not valid JSON text: " + json.Message);
                case EncoderFallbackException:
                    return Plain(400, "A text value is not valid Unicode (a lone surrogate).");
            }
        }

        return null;
    }

    private static HttpValidationProblemDetails Validation(int status, IReadOnlyDictionary<string, string[]> errors, string detail) =>
        new(errors.ToDictionary()) { Status = status, Detail = detail };

    private static ProblemDetails Plain(int status, string detail) =>
        new() { Status = status, Title = ReasonPhrases.GetReasonPhrase(status), Detail = detail };
}
