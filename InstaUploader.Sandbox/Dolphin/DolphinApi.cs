using System.Text.Json;

namespace InstaUploader.Sandbox.Dolphin;

/// <summary>
/// Dolphin Anty's local API (normally http://localhost:3001/v1.0): sign in with the panel's token, start and stop
/// profiles that exist on the remote API (<see cref="DolphinRemoteApi"/>). It creates nothing: starting an
/// unknown id is a 404, as the original system's client expects (ssuvorin/instagram-mass-uploader-windows
/// bot/src/instagram_uploader/dolphin_anty.py:993, "Profile not found (HTTP 404)").
/// </summary>
public static class DolphinApi
{
    public static IServiceCollection AddDolphinStandIn(this IServiceCollection services)
    {
        services.AddSingleton<DolphinProfiles>();
        services.AddSingleton<DolphinAuth>();
        services.AddSingleton<DolphinBrowsers>();
        services.AddHostedService(sp => sp.GetRequiredService<DolphinBrowsers>());
        return services;
    }

    public static IEndpointRouteBuilder MapDolphinApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1.0");

        api.MapPost("/auth/login-with-token", (TokenLogin body, DolphinAuth auth) =>
            auth.TryLogin(body.Token)
                ? Results.Ok(new { success = true })
                : Results.Json(new { success = false, error = "invalid token" }, statusCode: StatusCodes.Status401Unauthorized));

        var profiles = api.MapGroup("/browser_profiles").AddEndpointFilter(async (ctx, next) =>
            ctx.HttpContext.RequestServices.GetRequiredService<DolphinAuth>().IsLocalAuthorized(ctx.HttpContext.Request)
                ? await next(ctx)
                : Results.Json(new { success = false, error = "not authorized: call /v1.0/auth/login-with-token" },
                    statusCode: StatusCodes.Status401Unauthorized));

        // GET takes ?automation=1, POST takes {"automation": true} (OpenAPI 1.0.7, startBrowserProfile, point 4).
        profiles.MapGet("/{id}/start", (string id, int? automation, DolphinProfiles store, DolphinBrowsers browsers, CancellationToken ct) =>
            StartAsync(id, automation == 1, store, browsers, ct));
        profiles.MapPost("/{id}/start", async (string id, HttpRequest request, DolphinProfiles store, DolphinBrowsers browsers, CancellationToken ct) =>
            await StartAsync(id, await AutomationRequestedAsync(request, ct), store, browsers, ct));

        profiles.MapGet("/{id}/stop", async (string id, DolphinBrowsers browsers) =>
        {
            await browsers.StopAsync(id);
            return Results.Ok(new { success = true });
        });

        return app;
    }

    private static async Task<IResult> StartAsync(string id, bool automation, DolphinProfiles store, DolphinBrowsers browsers, CancellationToken ct)
    {
        if (store.Find(id) is not { } profile)
        {
            return Results.Json(new { success = false, error = $"browser profile {id} not found" }, statusCode: StatusCodes.Status404NotFound);
        }

        if (!automation)
        {
            // Without automation the real app just opens a window for a human; nothing to automate here.
            return Results.Json(new { success = false, error = "the Sandbox only starts profiles with automation=1" },
                statusCode: StatusCodes.Status400BadRequest);
        }

        try
        {
            var endpoint = await browsers.StartAsync(profile, ct);
            return Results.Ok(new { success = true, automation = new { port = endpoint.Port, wsEndpoint = endpoint.WsEndpoint } });
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            return Results.Json(new { success = false, error = e.Message }, statusCode: StatusCodes.Status500InternalServerError);
        }
    }

    private static async Task<bool> AutomationRequestedAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.Query["automation"] is ["1" or "true"])
        {
            return true;
        }

        try
        {
            using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
            return body.RootElement.ValueKind == JsonValueKind.Object
                && body.RootElement.TryGetProperty("automation", out var a)
                && a.ValueKind == JsonValueKind.True;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public sealed record TokenLogin(string? Token);
}
