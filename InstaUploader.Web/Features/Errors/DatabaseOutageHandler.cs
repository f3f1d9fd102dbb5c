using System.Net.Sockets;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace InstaUploader.Web.Features.Errors;

/// <summary>
/// PostgreSQL unreachable (down, restarting, refusing connections, pool exhausted) is the service being unavailable,
/// not a bug: every route answers 503 with <c>Retry-After</c> and a ProblemDetails, as the health endpoint does.
/// </summary>
internal sealed class DatabaseOutageHandler(IProblemDetailsService problems, ILogger<DatabaseOutageHandler> logger) : IExceptionHandler
{
    /// <summary>A restarted postmaster accepts connections again within seconds.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (httpContext.Response.HasStarted || !IsOutage(exception))
        {
            return false;
        }

        logger.LogWarning("The database is unreachable; {Method} {Path} answered 503: {Reason}",
            httpContext.Request.Method, httpContext.Request.Path, exception.GetBaseException().Message);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = ((int)RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = "The database is unavailable",
            Detail = $"The database cannot be reached right now; nothing was changed by this request. Retry in {(int)RetryAfter.TotalSeconds} seconds.",
        };
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>
    /// Npgsql marks connection failures, timeouts and the server's shutdown codes (57P01, 57P03, ...) transient; EF
    /// wraps them in DbUpdateException, InvalidOperationException or RetryLimitExceededException, so the whole chain is read.
    /// </summary>
    internal static bool IsOutage(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException pg:
                    // Transient server errors also include serialization failures and deadlocks: conflicts, not an outage.
                    return pg.SqlState[..2] is "08" or "53" or "57" or "58";
                case NpgsqlException { IsTransient: true }:
                case NpgsqlException { InnerException: SocketException or TimeoutException or IOException }:
                case RetryLimitExceededException { InnerException: NpgsqlException }:
                    return true;
            }
        }

        return false;
    }
}
