using System.Diagnostics;
using System.Net.Http.Json;
using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Media;
using InstaUploader.Web.Features.Scraper;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Demo;

/// <summary>
/// Seeds demo data when Demo:Enabled is true (./run.sh): rows are created once; the accounts, scraping accounts and
/// public profiles are registered in the Sandbox on every start, because the Sandbox keeps its state in memory.
/// </summary>
public sealed class DemoSeeder(IServiceScopeFactory scopes, IHttpClientFactory http, IConfiguration config, TimeProvider time, ILogger<DemoSeeder> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!config.GetValue("Demo:Enabled", false))
        {
            return;
        }

        try
        {
            await SeedDatabaseAsync(stoppingToken);
            await RegisterInSandboxAsync(stoppingToken);
            await SeedScrapeAccountsAsync(stoppingToken);
            logger.LogInformation("Demo data ready: {Count} accounts (password {Password}), {Scrapers} scraping accounts, videos and a follow category",
                DemoData.Accounts.Length, DemoData.Password, DemoData.ScrapeAccounts.Length);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Demo data could not be seeded");
        }
    }

    private async Task SeedDatabaseAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = time.GetUtcNow();
        foreach (var a in DemoData.Accounts)
        {
            if (!await db.Accounts.AnyAsync(x => x.Username == a.Username, ct))
            {
                db.Accounts.Add(new Account
                {
                    Username = a.Username, Password = DemoData.Password, TwoFactorSecret = a.TotpSecret,
                    EmailLogin = DemoData.Email(a.Username), EmailPassword = "mail-" + DemoData.Password,
                    Notes = a switch
                    {
                        { TotpSecret: not null } => "Demo: two-factor login (TOTP)",
                        { Challenge: true } => "Demo: e-mail challenge on new devices",
                        { RateLimited: true } => "Demo: first attempts get 429 Too Many Requests",
                        _ => "Demo account",
                    },
                    CreatedAt = now, UpdatedAt = now,
                });
            }
        }

        if (!await db.FollowCategories.AnyAsync(c => c.Name == "Demo: fitness & lifestyle", ct))
        {
            db.FollowCategories.Add(new FollowCategory
            {
                Name = "Demo: fitness & lifestyle", Description = "Public profiles in the Sandbox", CreatedAt = now,
                Targets = [.. DemoData.FollowTargets.Select(t => new FollowTarget { Username = t, CreatedAt = now })],
            });
        }

        await db.SaveChangesAsync(ct);

        if (!await db.Media.AnyAsync(m => m.FileName.StartsWith("demo-"), ct))
        {
            var store = scope.ServiceProvider.GetRequiredService<MediaStore>();
            for (var i = 0; i < DemoData.Videos.Length; i++)
            {
                var path = await MakeVideoAsync(i, ct);
                await using var stream = File.OpenRead(path);
                await store.SaveAsync(stream, $"demo-{i + 1}.mp4", null, ct);
                File.Delete(path);
            }
        }
    }

    /// <summary>
    /// Runs after the Sandbox knows the logins, so a worker never tries one it does not know yet. An existing account
    /// keeps its state (lock, rate limit, session) unless its password must be re-set or a login failed, which for a
    /// demo login means the Sandbox had forgotten it.
    /// </summary>
    private async Task SeedScrapeAccountsAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ScraperDbContext>();
        var writer = scope.ServiceProvider.GetRequiredService<ScrapeAccountWriter>();
        foreach (var username in DemoData.ScrapeAccounts)
        {
            var existing = await db.ScrapeAccounts.AsNoTracking().FirstOrDefaultAsync(a => a.Username == username, ct);
            if (existing is not null && existing.Password == DemoData.Password && existing.Status != ScrapeAccountStatuses.LoginFailed)
            {
                continue;
            }

            var saved = await writer.UpsertAsync(new ScrapeAccountRequest(username, DemoData.Password, null, null, null), ct);
            if (!saved.Succeeded)
            {
                throw new InvalidOperationException($"Demo scraping account {username} was refused: {saved.Detail}");
            }
        }
    }

    private async Task RegisterInSandboxAsync(CancellationToken ct)
    {
        if (config["services:sandbox:http:0"] is not { Length: > 0 } sandbox)
        {
            return;
        }

        using var client = http.CreateClient();
        client.BaseAddress = new Uri(sandbox);
        foreach (var a in DemoData.Accounts)
        {
            using var r = await client.PostAsJsonAsync("/sandbox/api/accounts", new
            {
                username = a.Username, password = DemoData.Password, totpSecret = a.TotpSecret,
                email = DemoData.Email(a.Username), emailPassword = "mail-" + DemoData.Password,
                faults = new { twoFactor = a.TotpSecret is not null, challenge = a.Challenge, rateLimit = a.RateLimited ? 1 : 0, retryAfterSeconds = 1 },
            }, ct);
            r.EnsureSuccessStatusCode();
        }

        foreach (var username in DemoData.ScrapeAccounts)
        {
            using var r = await client.PostAsJsonAsync("/sandbox/api/accounts", new { username, password = DemoData.Password }, ct);
            r.EnsureSuccessStatusCode();
        }

        var pk = 50_000L;
        foreach (var target in DemoData.FollowTargets)
        {
            using var r = await client.PostAsJsonAsync("/sandbox/api/profiles", new
            {
                pk = pk++, username = target, fullName = target.Replace('_', ' '), biography = "Sandbox public profile",
                followerCount = 1000 + (pk % 7) * 2500, followingCount = 300,
                posts = Enumerable.Range(0, 3).Select(i => new
                {
                    pk = pk * 10 + i, code = $"{target}{i}", caption = $"Post {i} #demo #fitness", likeCount = 100 + i * 17, commentCount = 5 + i,
                    hashtags = new[] { "demo", "fitness" }, takenAt = time.GetUtcNow().AddDays(-i),
                }),
            }, ct);
            r.EnsureSuccessStatusCode();
        }
    }

    private static async Task<string> MakeVideoAsync(int index, CancellationToken ct)
    {
        var path = Path.Combine(Path.GetTempPath(), $"instauploader-demo-{Guid.NewGuid():n}.mp4");
        var source = index == 0 ? "testsrc2=duration=4:size=360x640:rate=25" : "smptebars=duration=4:size=360x640:rate=25";
        using var ffmpeg = Process.Start(new ProcessStartInfo("ffmpeg",
            $"-v error -y -f lavfi -i {source} -f lavfi -i sine=frequency={440 + index * 110}:duration=4 -shortest -pix_fmt yuv420p -c:v libx264 -preset veryfast -c:a aac \"{path}\"")
        { RedirectStandardError = true, UseShellExecute = false })!;
        await ffmpeg.WaitForExitAsync(ct);
        return ffmpeg.ExitCode == 0 ? path : throw new InvalidOperationException("ffmpeg could not make the demo video: " + await ffmpeg.StandardError.ReadToEndAsync(ct));
    }
}
