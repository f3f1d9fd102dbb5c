using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Queue;
using Microsoft.Extensions.Options;

namespace InstaUploader.Web.Features.Scraper;

public static class ScraperExtensions
{
    public const string ApiKeySchemeName = "ScraperApiKey";
    public const string ApiKeyPolicyName = "ScraperApiKey";

    /// <summary>
    /// The scraper's data, queue and migrations are always registered (workers claim through <see cref="ScrapeWorkSource"/>);
    /// the HTTP API and its extra port only when enabled (SCRAPER_API_KEY set).
    /// </summary>
    public static IHostApplicationBuilder AddScraper(this IHostApplicationBuilder builder)
    {
        var connectionString = DatabaseConnections.PooledString(builder.Configuration);

        builder.Services.AddOptions<ScraperOptions>()
            .BindConfiguration(ScraperOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddDbContext<ScraperDbContext>(o => ScraperDbContext.Configure(o, connectionString));
        builder.Services.AddHostedService<ScraperMigrator>();
        builder.Services.AddScoped<ScrapeTaskWriter>();
        builder.Services.AddScoped<ScrapeAccountWriter>();
        builder.Services.AddScoped<ScraperQueue>();
        builder.Services.AddScoped<ScraperQueries>();
        // Workers claim scrape tasks through the one claim protocol; the queue's LeaseRescuer rescues them too.
        builder.Services.AddScoped<IWorkSource, ScrapeWorkSource>();

        var settings = builder.Configuration.GetSection(ScraperOptions.Section).Get<ScraperOptions>() ?? new ScraperOptions();
        if (!settings.IsEnabled)
        {
            return builder;
        }

        // A missing key answers 401 before the body is read or validated.
        builder.Services.AddAuthentication().AddBearerScheme(ApiKeySchemeName, o =>
        {
            o.ValidateToken = (http, presented) =>
                SecretComparer.FixedTimeEquals(presented, http.RequestServices.GetRequiredService<IOptions<ScraperOptions>>().Value.Key)
                    ? BearerSchemeExtensions.Caller("scraper-api")
                    : null;
            o.ChallengeDetail = "Send Authorization: Bearer <SCRAPER_API_KEY>.";
        });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(ApiKeyPolicyName, p => p.AddAuthenticationSchemes(ApiKeySchemeName).RequireAuthenticatedUser());

        if (settings.Port is > 0 and <= 65535)
        {
            AddListenUrl(builder.Configuration, settings.Port);
        }

        return builder;
    }

    public static WebApplication MapScraperApi(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<ScraperOptions>>().Value.IsEnabled)
        {
            app.MapScraperRoutes();
        }

        return app;
    }

    /// <summary>The scraper API's own port (8001 by default) beside the Web's URLs: the routes answer on both.</summary>
    private static void AddListenUrl(IConfigurationManager config, int port)
    {
        var current = config["urls"];
        var urls = string.IsNullOrWhiteSpace(current) ? ["http://localhost:5000"] : current.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        if (!urls.Any(u => Uri.TryCreate(u.Replace("*", "localhost", StringComparison.Ordinal).Replace("+", "localhost", StringComparison.Ordinal), UriKind.Absolute, out var uri) && uri.Port == port))
        {
            urls.Add($"http://localhost:{port}");
        }

        config["urls"] = string.Join(';', urls);
    }
}
