namespace InstaUploader.Sandbox.Dolphin;

/// <summary>
/// The remote API's error body, <c>{"success": false, "error": {"code": "E_…", "text": "…"}}</c>: the shape clients
/// of the real API read (error.code such as <c>E_BROWSER_PROFILE_NOT_FOUND</c>, error.text). The OpenAPI document
/// only says "a JSON object with the error message"; <c>fields</c> is the Sandbox's addition, naming what was wrong.
/// </summary>
public static class DolphinErrors
{
    public static IResult Error(int status, string code, string text, IReadOnlyDictionary<string, string>? fields = null) =>
        Results.Json(new { success = false, error = new { code, text, fields } }, statusCode: status);

    public static IResult Unauthorized() =>
        Error(StatusCodes.Status401Unauthorized, "E_UNAUTHORIZED", "Authorization: Bearer <API token> is required");

    public static IResult NotFound(string id) =>
        Error(StatusCodes.Status404NotFound, "E_BROWSER_PROFILE_NOT_FOUND", $"Browser profile {id} not found");

    public static IResult Invalid(IReadOnlyDictionary<string, string> fields) =>
        Error(StatusCodes.Status400BadRequest, "E_VALIDATION", string.Join("; ", fields.Select(f => $"{f.Key}: {f.Value}")), fields);
}
