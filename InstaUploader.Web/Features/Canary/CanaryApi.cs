using InstaUploader.Web.Features.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InstaUploader.Web.Features.Canary;

/// <summary>
/// The web canary: options validated at start, the schedule on the upkeep leader, and the latest result for
/// operators. Running one now is an ordinary task: <c>POST /api/tasks {"kind": "web_canary", "account_ids": [id], "start": true}</c>.
/// </summary>
public static class CanaryApi
{
    public static IHostApplicationBuilder AddCanary(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CanaryOptions>().BindConfiguration(CanaryOptions.Section)
            .Validate(o => o.Interval >= CanaryOptions.ShortestInterval, $"Canary:Interval must be at least {CanaryOptions.ShortestInterval}.")
            .ValidateOnStart();
        builder.Services.AddScoped<CanarySchedule>();
        builder.Services.AddScoped<CanaryRuns>();
        builder.Services.AddHostedService<CanaryScheduler>();
        return builder;
    }

    public static IEndpointRouteBuilder MapCanaryApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/canary").RequireAuthorization(AuthExtensions.OperatorPolicy).WithTags("Monitoring");
        api.MapGet("/latest", async Task<Results<Ok<CanaryStatus>, NotFound>> (CanaryRuns runs, CancellationToken ct) =>
                await runs.LatestAsync(ct) is { } latest ? TypedResults.Ok(latest) : TypedResults.NotFound())
            .WithName("GetLatestCanary").WithSummary("The latest finished web canary: when, which account, the first step that no longer matched");
        return app;
    }
}
