namespace InstaUploader.Web.Features.Errors;

/// <summary>
/// Checks what arrives outside a JSON body before any endpoint runs: query-string values (<c>?q=%00</c>), route
/// values and the headers we store (the lease owner's X-Worker-Id, Idempotency-Key) obey <see cref="TextRules"/>,
/// one line each. A violation answers 400 with one message per parameter.
/// </summary>
public static class RequestRules
{
    private static readonly string[] StoredHeaders = ["X-Worker-Id", "Idempotency-Key"];
    private const int MaxHeaderLength = 200;

    public static IApplicationBuilder UseRequestRules(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var errors = Check(context);
            if (errors.Any)
            {
                await Results.ValidationProblem(errors.ToDictionary(), detail: "One or more parameters are not valid.").ExecuteAsync(context);
                return;
            }

            await next(context);
        });

    private static FieldErrors Check(HttpContext context)
    {
        var errors = new FieldErrors();
        foreach (var (name, values) in context.Request.Query)
        {
            Check(errors, name, name, TextRules.MaxParameterLength);
            foreach (var value in values)
            {
                Check(errors, name, value, TextRules.MaxParameterLength);
            }
        }

        foreach (var (name, value) in context.Request.RouteValues)
        {
            if (value is string s)
            {
                Check(errors, name, s, TextRules.MaxParameterLength);
            }
        }

        foreach (var header in StoredHeaders)
        {
            foreach (var value in context.Request.Headers[header])
            {
                Check(errors, header, value, MaxHeaderLength);
            }
        }

        return errors;
    }

    private static void Check(FieldErrors errors, string field, string? value, int maxLength)
    {
        if (value is not null && TextRules.Problem(value, maxLength, allowLineBreaks: false) is { } problem)
        {
            errors.Add(field, problem);
        }
    }
}
