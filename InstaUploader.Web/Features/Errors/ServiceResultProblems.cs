using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace InstaUploader.Web.Features.Errors;

public static class ServiceResultProblems
{
    /// <summary>The failed result as a ProblemDetails (a ValidationProblemDetails with field errors for 400).</summary>
    public static ProblemHttpResult ToProblem<T>(this ServiceResult<T> result)
    {
        var status = result.Status switch
        {
            ServiceStatus.NotFound => StatusCodes.Status404NotFound,
            ServiceStatus.Invalid => StatusCodes.Status400BadRequest,
            ServiceStatus.Conflict => StatusCodes.Status409Conflict,
            ServiceStatus.Forbidden => StatusCodes.Status403Forbidden,
            ServiceStatus.TooLarge => StatusCodes.Status413PayloadTooLarge,
            ServiceStatus.UnsupportedMediaType => StatusCodes.Status415UnsupportedMediaType,
            _ => throw new InvalidOperationException("A successful result is not a problem."),
        };

        ProblemDetails problem = result.Errors is { Count: > 0 } errors
            ? new HttpValidationProblemDetails(errors.ToDictionary()) { Status = status, Detail = result.Detail }
            : new ProblemDetails { Status = status, Detail = result.Detail };
        return TypedResults.Problem(problem);
    }
}
