using System.Collections;
using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The flat environment variable names of the original system (WORKER_API_TOKEN, UI_API_BASE, POLLING_INTERVAL, …),
/// each mapped to the configuration key our options bind (<c>Auth:WorkerToken</c>, <c>Worker:WebBaseUrl</c>, …), so
/// every options class binds one section and an original deployment's environment keeps working. This table is the
/// only place a legacy name appears. A legacy variable is a default: any other source's key wins over it.
/// </summary>
public static class LegacyEnvironmentVariables
{
    public enum Kind
    {
        Text,
        /// <summary>"1" or "true" (any case) is true, anything else false, as the original's settings read flags.</summary>
        Flag,
        /// <summary>Comma-separated; the entries of every name mapped to one key are concatenated, in table order.</summary>
        List,
    }

    /// <summary>Legacy name → key. Where several names map to one key the first one set wins (UI_API_TOKEN before WORKER_API_TOKEN).</summary>
    public static readonly IReadOnlyList<(string Name, string Key, Kind Kind)> Map =
    [
        // The worker token, on the Web (what workers must send) and on a worker (what it sends and accepts).
        ("WORKER_API_TOKEN", "Auth:WorkerToken", Kind.Text),
        ("UI_API_TOKEN", "Worker:WorkerToken", Kind.Text),
        ("WORKER_API_TOKEN", "Worker:WorkerToken", Kind.Text),
        ("OPERATOR_API_TOKEN", "Auth:OperatorToken", Kind.Text),
        ("WORKER_ALLOWED_IPS", "Auth:WorkerAllowedIps", Kind.Text),
        ("WORKER_USERNAME", "Auth:WorkerUsername", Kind.Text),
        ("WORKER_PASSWORD", "Auth:WorkerPassword", Kind.Text),
        ("JWT_SIGNING_KEY", "Auth:JwtSigningKey", Kind.Text),
        ("ADMIN_EMAIL", "Admin:Email", Kind.Text),
        ("ADMIN_PASSWORD", "Admin:Password", Kind.Text),
        ("DISPATCH_BATCH_SIZE", "Dispatch:BatchSize", Kind.Text),
        ("DISPATCH_CONCURRENCY", "Dispatch:Concurrency", Kind.Text),
        ("WORKER_POOL", "Dispatch:Pool", Kind.List),
        ("WORKER_BASE_URL", "Dispatch:Pool", Kind.List),
        ("MEDIA_ROOT", "Media:Root", Kind.Text),
        ("SCRAPER_API_KEY", "Scraper:ApiKey", Kind.Text),
        ("SCRAPER_API_ENABLED", "Scraper:Enabled", Kind.Flag),
        ("SCRAPER_PORT", "Scraper:Port", Kind.Text),
        ("SCRAPER_RETRY_BACKOFF_SECONDS", "Scraper:RetryBackoffSeconds", Kind.Text),

        // A worker's own settings.
        ("UI_API_BASE", "Worker:WebBaseUrl", Kind.Text),
        ("WORKER_USERNAME", "Worker:WorkerUsername", Kind.Text),
        ("WORKER_PASSWORD", "Worker:WorkerPassword", Kind.Text),
        ("WORKER_ID", "Worker:WorkerId", Kind.Text),
        ("WORKER_PUBLIC_URL", "Worker:PublicUrl", Kind.Text),
        ("CONCURRENCY_LIMIT", "Worker:ConcurrencyLimit", Kind.Text),
        ("BATCH_SIZE", "Worker:BatchSize", Kind.Text),
        ("HEADLESS", "Worker:Headless", Kind.Flag),
        ("VISIBLE_BROWSER", "Worker:VisibleBrowser", Kind.Flag),
        ("UPLOAD_METHOD", "Worker:UploadMethod", Kind.Text),
        ("REQUEST_TIMEOUT_SECS", "Worker:RequestTimeoutSecs", Kind.Text),
        ("VERIFY_SSL", "Worker:VerifySsl", Kind.Flag),
        ("MEDIA_TEMP_DIR", "Worker:MediaTempDir", Kind.Text),
        ("POLLING_INTERVAL", "Worker:PollingInterval", Kind.Text),
        ("LEASE_SECONDS", "Worker:LeaseSeconds", Kind.Text),
        ("SHUTDOWN_GRACE_SECONDS", "Worker:ShutdownGraceSeconds", Kind.Text),
        ("DOLPHIN_API_HOST", "Dolphin:ApiHost", Kind.Text),
        ("DOLPHIN_API_TOKEN", "Dolphin:ApiToken", Kind.Text),
        ("SCRAPER_REQUEST_INTERVAL_MS", "ScrapeRunner:RequestIntervalMs", Kind.Text),
        ("SCRAPER_RECENT_POSTS", "ScrapeRunner:RecentPosts", Kind.Text),
        ("SCRAPER_HASHTAG_POSTS", "ScrapeRunner:HashtagPosts", Kind.Text),
        ("SCRAPER_RATE_LIMIT_RETRIES", "ScrapeRunner:RateLimitRetries", Kind.Text),
        ("SCRAPER_RATE_LIMIT_BACKOFF_MS", "ScrapeRunner:RateLimitBackoffMs", Kind.Text),
        ("SCRAPER_MAX_IN_PLACE_WAIT_SECONDS", "ScrapeRunner:MaxInPlaceWaitSeconds", Kind.Text),
        ("SCRAPER_RATE_LIMIT_COOLDOWN_SECONDS", "ScrapeRunner:RateLimitCooldownSeconds", Kind.Text),
        ("SCRAPER_FEEDBACK_COOLDOWN_SECONDS", "ScrapeRunner:FeedbackCooldownSeconds", Kind.Text),
    ];

    /// <summary>Adds the process's mapped legacy variables under every other configuration source.</summary>
    public static TBuilder AddLegacyEnvironmentVariables<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Configuration.AddLegacyEnvironmentVariables(Environment.GetEnvironmentVariables());
        return builder;
    }

    /// <summary>Adds the mapped legacy variables of <paramref name="environment"/> under every other configuration source.</summary>
    public static IConfigurationBuilder AddLegacyEnvironmentVariables(this IConfigurationBuilder configuration, IDictionary environment)
    {
        configuration.Sources.Insert(0, new Source(environment));
        return configuration;
    }

    /// <summary>The configuration keys and values <paramref name="environment"/> gives through the map; empty values count as unset.</summary>
    public static Dictionary<string, string?> Translate(IDictionary environment)
    {
        var given = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry entry in environment)
        {
            if (entry.Key is string name && entry.Value is string { Length: > 0 } value)
            {
                given[name] = value;
            }
        }

        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var lists = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, key, kind) in Map)
        {
            if (!given.TryGetValue(name, out var value))
            {
                continue;
            }

            switch (kind)
            {
                case Kind.List:
                    (lists.TryGetValue(key, out var list) ? list : lists[key] = [])
                        .AddRange(value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    break;
                case Kind.Flag:
                    data.TryAdd(key, value.Trim() is "1" || value.Trim().Equals("true", StringComparison.OrdinalIgnoreCase) ? "true" : "false");
                    break;
                default:
                    data.TryAdd(key, value);
                    break;
            }
        }

        foreach (var (key, list) in lists)
        {
            for (var i = 0; i < list.Count; i++)
            {
                data[$"{key}:{i}"] = list[i];
            }
        }

        return data;
    }

    private sealed class Source(IDictionary environment) : IConfigurationSource
    {
        public IConfigurationProvider Build(IConfigurationBuilder builder) => new Provider(environment);
    }

    private sealed class Provider(IDictionary environment) : ConfigurationProvider
    {
        public override void Load() => Data = Translate(environment);
    }
}
