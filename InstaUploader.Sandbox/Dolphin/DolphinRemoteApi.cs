using System.Globalization;
using System.Text.Json;

namespace InstaUploader.Sandbox.Dolphin;

/// <summary>
/// Dolphin Anty's remote API (https://dolphin-anty-api.com, no /v1.0): the team's browser profiles, created, read,
/// changed and deleted with <c>Authorization: Bearer &lt;API token&gt;</c>. Served under <see cref="BasePath"/> on
/// the Sandbox's host, so a client's base URL alone decides which API it talks to.
/// Source: Dolphin{anty} Public API OpenAPI 1.0.7 (paths /browser_profiles and /browser_profiles/{id}).
/// </summary>
public static class DolphinRemoteApi
{
    public const string BasePath = "/dolphin-anty-api";

    public static IEndpointRouteBuilder MapDolphinRemoteApi(this IEndpointRouteBuilder app)
    {
        var profiles = app.MapGroup(BasePath + "/browser_profiles").AddEndpointFilter(async (ctx, next) =>
            ctx.HttpContext.RequestServices.GetRequiredService<DolphinAuth>().IsRemoteAuthorized(ctx.HttpContext.Request)
                ? await next(ctx)
                : DolphinErrors.Unauthorized());

        profiles.MapGet("/", (DolphinProfiles store) =>
        {
            var all = store.All.Select(Shape).ToList();
            return Results.Ok(new { current_page = 1, data = all, per_page = all.Count, total = all.Count });
        });

        profiles.MapGet("/{id}", (string id, DolphinProfiles store) =>
            store.Find(id) is { } p ? Results.Ok(new { data = Shape(p) }) : DolphinErrors.NotFound(id));

        profiles.MapPost("/", async (HttpRequest request, DolphinProfiles store, CancellationToken ct) =>
        {
            if (await ReadAsync(request, ct) is not { } body)
            {
                return DolphinErrors.Invalid(new Dictionary<string, string> { ["body"] = "a JSON object is required" });
            }

            var errors = DolphinProfileRules.CheckCreate(body);
            if (errors.Count > 0)
            {
                return DolphinErrors.Invalid(errors);
            }

            var profile = store.Add(id =>
            {
                var created = new DolphinProfile { Id = id, Name = "" };
                DolphinProfileRules.Apply(body, created);
                return created;
            });
            var number = long.Parse(profile.Id, CultureInfo.InvariantCulture);
            return Results.Ok(new { success = true, browserProfileId = number, data = new { id = number } });
        });

        profiles.MapPatch("/{id}", async (string id, HttpRequest request, DolphinProfiles store, CancellationToken ct) =>
        {
            if (store.Find(id) is not { } profile)
            {
                return DolphinErrors.NotFound(id);
            }

            if (await ReadAsync(request, ct) is not { ValueKind: JsonValueKind.Object } body)
            {
                return DolphinErrors.Invalid(new Dictionary<string, string> { ["body"] = "a JSON object is required" });
            }

            var errors = new Dictionary<string, string>(StringComparer.Ordinal);
            DolphinProfileRules.CheckOptional(body, errors);
            if (errors.Count > 0)
            {
                return DolphinErrors.Invalid(errors);
            }

            DolphinProfileRules.Apply(body, profile);
            return Results.Ok(new { data = Shape(profile) });
        });

        profiles.MapDelete("/{id}", async (string id, HttpRequest request, DolphinProfiles store, DolphinBrowsers browsers, CancellationToken ct) =>
        {
            if (store.Find(id) is null)
            {
                return DolphinErrors.NotFound(id);
            }

            // Without a Basket (the free plans, which the Sandbox plays) deleting needs forceDelete: as query
            // forceDelete=1 (the original system's dolphin_anty.py:796) or body {"forceDelete": true} (OpenAPI 1.0.7).
            if (!await ForceDeleteAsync(request, ct))
            {
                return DolphinErrors.Error(StatusCodes.Status403Forbidden, "E_FORCE_DELETE_REQUIRED",
                    "This plan has no Basket: confirm a permanent delete with forceDelete=1");
            }

            await browsers.StopAsync(id);
            store.Delete(id);
            return Results.Ok(new { success = true });
        });

        return app;
    }

    private static object Shape(DolphinProfile p) => new
    {
        id = long.TryParse(p.Id, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0,
        name = p.Name,
        platform = p.Platform,
        browserType = "anty",
        useragent = p.UserAgent is null ? new { mode = "auto", value = (string?)null } : new { mode = "manual", value = (string?)p.UserAgent },
        locale = p.Locale is null ? new { mode = "auto", value = (string?)null } : new { mode = "manual", value = (string?)p.Locale },
        proxy = p.Proxy is null ? null : new { type = p.Proxy.Type, host = p.Proxy.Host, port = p.Proxy.Port, login = p.Proxy.Login },
    };

    private static async Task<JsonElement?> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        try
        {
            using var doc = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
            return doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task<bool> ForceDeleteAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.Query["forceDelete"] is ["1" or "true"])
        {
            return true;
        }

        return request.ContentLength is > 0 or null && request.HasJsonContentType()
            && await ReadAsync(request, ct) is { ValueKind: JsonValueKind.Object } body
            && body.TryGetProperty("forceDelete", out var force)
            && (force.ValueKind == JsonValueKind.True || (force.ValueKind == JsonValueKind.Number && force.GetInt32() == 1));
    }
}
