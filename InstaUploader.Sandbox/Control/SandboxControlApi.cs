using InstaUploader.Sandbox.State;
using InstaUploader.Sandbox.Web;

namespace InstaUploader.Sandbox.Control;

/// <summary>/sandbox/api: set up accounts and faults, read back what happened.</summary>
public static class SandboxControlApi
{
    public static IEndpointRouteBuilder MapSandboxControlApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/sandbox/api");

        api.MapPost("/accounts", (AccountSetup body, SandboxStore store) =>
        {
            var account = store.Accounts.AddOrUpdate(
                body.Username,
                _ => new SandboxAccount { Pk = store.NextId(), Username = body.Username, Password = body.Password },
                (_, existing) => existing);
            account.Password = body.Password;
            account.TotpSecret = body.TotpSecret;
            account.Email = body.Email;
            account.EmailPassword = body.EmailPassword;
            account.Faults = body.Faults ?? new SandboxFaults();
            return Results.Ok(new { pk = account.Pk, username = account.Username });
        });

        api.MapPut("/accounts/{username}/faults", (string username, SandboxFaults faults, SandboxStore store) =>
        {
            var account = store.Find(username);
            if (account is null)
            {
                return Results.NotFound();
            }

            account.Faults = faults;
            return Results.Ok(faults);
        });

        api.MapGet("/accounts/{username}", (string username, SandboxStore store) =>
            store.Find(username) is { } a
                ? Results.Ok(new { a.Pk, a.Username, a.Biography, a.ExternalUrl, a.AvatarSha256, following = a.Following.Count, a.Faults })
                : Results.NotFound());

        api.MapGet("/posts", (string? username, SandboxStore store) =>
            store.Posts.Where(p => username is null || string.Equals(p.Username, username, StringComparison.OrdinalIgnoreCase)));

        api.MapGet("/actions", (string? kind, string? username, SandboxStore store) =>
            store.Actions.Where(a => (kind is null || a.Kind == kind)
                                     && (username is null || string.Equals(a.Username, username, StringComparison.OrdinalIgnoreCase))));

        api.MapGet("/mail/{address}", (string address, SandboxStore store) =>
            store.Mail.Where(m => string.Equals(m.To, address, StringComparison.OrdinalIgnoreCase)));

        api.MapPost("/profiles", (SandboxProfile profile, SandboxStore store) =>
        {
            store.Profiles[profile.Username] = profile;
            return Results.Ok(profile);
        });

        api.MapPost("/reset", (SandboxStore store, WebUploads webUploads) =>
        {
            store.Reset();
            webUploads.Clear();
            return Results.NoContent();
        });

        return app;
    }

    public sealed record AccountSetup(
        string Username, string Password, string? TotpSecret, string? Email, string? EmailPassword, SandboxFaults? Faults);
}
