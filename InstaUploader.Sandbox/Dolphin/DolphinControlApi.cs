namespace InstaUploader.Sandbox.Dolphin;

/// <summary>
/// /sandbox/api/dolphin: what the real app shows in its window (running profiles and their Chromium pid) and a
/// profile under an id of the test's choosing, so a test can name a profile without the remote API's round trip.
/// </summary>
public static class DolphinControlApi
{
    public static IEndpointRouteBuilder MapDolphinControlApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/sandbox/api/dolphin/profiles");

        api.MapGet("/", (DolphinProfiles store, DolphinBrowsers browsers) => Results.Ok(store.All.Select(p => new
        {
            id = p.Id, name = p.Name, locale = p.Locale, proxy = p.Proxy, running = browsers.IsRunning(p.Id), pid = browsers.ProcessId(p.Id),
        })));

        api.MapPut("/{id}", (string id, ProfileSetup? body, DolphinProfiles store) =>
        {
            if (!long.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["id"] = ["Dolphin profile ids are numbers."] });
            }

            var profile = store.Seed(id, body?.Name);
            return Results.Ok(new { id = profile.Id, name = profile.Name });
        });

        return app;
    }

    public sealed record ProfileSetup(string? Name);
}
