using Microsoft.Extensions.Options;

namespace InstaUploader.Sandbox.Dolphin;

/// <summary>
/// Dolphin Anty's local API (normally http://localhost:3001/v1.0): start/stop a browser profile for automation
/// and a minimal profile list. Starting an unknown profile id creates it (a Sandbox convenience).
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
            ctx.HttpContext.RequestServices.GetRequiredService<DolphinAuth>().IsAuthorized(ctx.HttpContext.Request)
                ? await next(ctx)
                : Results.Json(new { success = false, error = "not authorized: call /v1.0/auth/login-with-token" },
                    statusCode: StatusCodes.Status401Unauthorized));

        profiles.MapGet("/", (DolphinProfiles store, DolphinBrowsers browsers) => Results.Ok(new
        {
            // pid is a Sandbox extra, so tests can inspect the launched process.
            data = store.All.Select(p => new { id = p.Id, name = p.Name, proxy = p.Proxy, running = browsers.IsRunning(p.Id), pid = browsers.ProcessId(p.Id) }),
        }));

        profiles.MapPost("/", (CreateProfile body, DolphinProfiles store) =>
        {
            var profile = store.Create(body.Name, body.Proxy);
            return Results.Ok(new { success = true, browserProfileId = profile.Id });
        });

        profiles.MapGet("/{id}/start", async (string id, int? automation, DolphinProfiles store, DolphinBrowsers browsers, CancellationToken ct) =>
        {
            if (automation != 1)
            {
                // Without automation=1 the real app just opens a window for a human; nothing to automate here.
                return Results.Json(new { success = false, error = "the Sandbox only starts profiles with automation=1" },
                    statusCode: StatusCodes.Status400BadRequest);
            }

            try
            {
                var endpoint = await browsers.StartAsync(store.GetOrCreate(id), ct);
                return Results.Ok(new { success = true, automation = new { port = endpoint.Port, wsEndpoint = endpoint.WsEndpoint } });
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
            {
                return Results.Json(new { success = false, error = e.Message }, statusCode: StatusCodes.Status500InternalServerError);
            }
        });

        profiles.MapGet("/{id}/stop", async (string id, DolphinBrowsers browsers) =>
        {
            await browsers.StopAsync(id);
            return Results.Ok(new { success = true });
        });

        profiles.MapDelete("/{id}", async (string id, DolphinProfiles store, DolphinBrowsers browsers) =>
        {
            await browsers.StopAsync(id);
            return store.Delete(id) ? Results.Ok(new { success = true }) : Results.NotFound(new { success = false });
        });

        return app;
    }

    public sealed record TokenLogin(string? Token);

    public sealed record CreateProfile(string? Name, DolphinProxy? Proxy);
}

/// <summary>The optional token check: open when no token is configured.</summary>
public sealed class DolphinAuth(IOptions<SandboxOptions> options)
{
    private volatile bool _loggedIn;

    private string? Token => string.IsNullOrEmpty(options.Value.DolphinApiToken) ? null : options.Value.DolphinApiToken;

    public bool TryLogin(string? token)
    {
        if (Token is null || string.Equals(token, Token, StringComparison.Ordinal))
        {
            _loggedIn = true;
            return true;
        }

        return false;
    }

    public bool IsAuthorized(HttpRequest request) =>
        Token is null
        || _loggedIn
        || string.Equals(request.Headers.Authorization.ToString(), $"Bearer {Token}", StringComparison.Ordinal);
}
