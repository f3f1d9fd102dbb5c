using InstaUploader.Web.Features.Auth;
using InstaUploader.Web.Features.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InstaUploader.Web.Features.Calendar;

/// <summary>Operator API of the posting calendar: entries of a range, what goes out next, move or cancel a planned item.</summary>
public static class CalendarApi
{
    public static IHostApplicationBuilder AddCalendar(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CalendarOptions>().BindConfiguration(CalendarOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<PostingPlanner>();
        builder.Services.AddScoped<TaskScheduling>();
        builder.Services.AddScoped<CalendarQueries>();
        builder.Services.AddScoped<CalendarService>();
        return builder;
    }

    public static IEndpointRouteBuilder MapCalendarApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/calendar").RequireAuthorization(AuthExtensions.OperatorPolicy).WithTags("Calendar");
        api.MapGet("/", ListAsync).WithName("ListCalendar")
            .WithSummary("Planned, running, published and failed items of accounts in [from, to) (at most 62 days), by account, task and item status")
            .ProducesValidationProblem();
        api.MapGet("/upcoming", async (CalendarQueries queries, CancellationToken ct) => TypedResults.Ok(await queries.UpcomingAsync(10, ct)))
            .WithName("UpcomingPosts").WithSummary("What goes out in the next 24 hours: how many planned items and the first ten");
        api.MapPost("/items/{id:long}/move", MoveAsync).WithName("MoveCalendarItem")
            .WithSummary("Give a planned item a new due time, checked against its task's posting windows and its account's minimum gap")
            .ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409);
        api.MapPost("/items/{id:long}/cancel", CancelAsync).WithName("CancelCalendarItem").WithSummary("Cancel one planned item")
            .ProducesProblem(404).ProducesProblem(409);
        return app;
    }

    private static async Task<Results<Ok<CalendarPage>, ProblemHttpResult>> ListAsync(
        DateTimeOffset? from, DateTimeOffset? to, int? account_id, int? task_id, string? status, CalendarQueries queries, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (from is null)
        {
            errors.Add("from", "Required: the start of the range, ISO 8601 with its offset.");
        }

        if (to is null)
        {
            errors.Add("to", "Required: the end of the range (excluded), ISO 8601 with its offset.");
        }
        else if (from is not null && (to <= from || to - from > CalendarQueries.LongestRange))
        {
            errors.Add("to", $"Must be after from, at most {CalendarQueries.LongestRange.TotalDays:0} days later.");
        }

        if (status is not null && !ItemStatuses.All.Contains(status))
        {
            errors.Add("status", $"One of: {string.Join(", ", ItemStatuses.All)}.");
        }

        if (errors.Any)
        {
            return ServiceResult<CalendarPage>.Invalid(errors.ToDictionary()).ToProblem();
        }

        // PostgreSQL stores instants in UTC and Npgsql writes only offset 0.
        var query = new CalendarQuery(from!.Value.ToUniversalTime(), to!.Value.ToUniversalTime(), account_id, task_id, status);
        return TypedResults.Ok(await queries.ListAsync(query, ct));
    }

    private static async Task<Results<Ok<CalendarEntry>, ProblemHttpResult>> MoveAsync(
        long id, MoveItemRequest body, CalendarService calendar, CancellationToken ct)
    {
        var result = await calendar.MoveAsync(id, body, ct);
        return result.Succeeded ? TypedResults.Ok(result.Value!) : result.ToProblem();
    }

    private static async Task<Results<Ok<CalendarEntry>, ProblemHttpResult>> CancelAsync(long id, CalendarService calendar, CancellationToken ct)
    {
        var result = await calendar.CancelAsync(id, ct);
        return result.Succeeded ? TypedResults.Ok(result.Value!) : result.ToProblem();
    }
}
