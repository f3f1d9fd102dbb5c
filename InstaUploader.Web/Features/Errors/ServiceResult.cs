namespace InstaUploader.Web.Features.Errors;

public enum ServiceStatus
{
    Ok,
    NotFound,
    Invalid,
    Conflict,
    TooLarge,
    UnsupportedMediaType,
    Forbidden,
}

/// <summary>
/// Outcome of a management operation, shared by the API (mapped to ProblemDetails by <see cref="ServiceResultProblems"/>)
/// and the Blazor UI (which shows <see cref="Errors"/> next to the fields and <see cref="Detail"/> otherwise).
/// </summary>
public sealed record ServiceResult<T>
{
    public ServiceStatus Status { get; private init; }
    public T? Value { get; private init; }
    public string? Detail { get; private init; }

    /// <summary>Field-level errors keyed by the snake_case field name, for <see cref="ServiceStatus.Invalid"/>.</summary>
    public IReadOnlyDictionary<string, string[]>? Errors { get; private init; }

    public bool Succeeded => Status == ServiceStatus.Ok;

    public static ServiceResult<T> Ok(T value) => new() { Status = ServiceStatus.Ok, Value = value };
    public static ServiceResult<T> NotFound(string detail) => new() { Status = ServiceStatus.NotFound, Detail = detail };
    public static ServiceResult<T> Forbidden(string detail) => new() { Status = ServiceStatus.Forbidden, Detail = detail };
    public static ServiceResult<T> Conflict(string detail) => new() { Status = ServiceStatus.Conflict, Detail = detail };
    public static ServiceResult<T> TooLarge(string detail) => new() { Status = ServiceStatus.TooLarge, Detail = detail };
    public static ServiceResult<T> Unsupported(string detail) => new() { Status = ServiceStatus.UnsupportedMediaType, Detail = detail };

    public static ServiceResult<T> Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        new() { Status = ServiceStatus.Invalid, Errors = errors, Detail = "One or more fields are not valid." };

    public static ServiceResult<T> Invalid(string field, string error) =>
        Invalid(new Dictionary<string, string[]> { [field] = [error] });

    /// <summary>The same failure carrying another value type.</summary>
    public ServiceResult<TOther> Failure<TOther>() =>
        Succeeded
            ? throw new InvalidOperationException("A successful result is not a failure.")
            : new ServiceResult<TOther> { Status = Status, Detail = Detail, Errors = Errors };
}
