using System.ComponentModel.DataAnnotations;

namespace InstaUploader.Web.Features.Scraper;

/// <summary>Seed 004's settings under its environment variable names (SCRAPER_API_KEY, SCRAPER_PORT).</summary>
public sealed class ScraperOptions : IValidatableObject
{
    public const int DefaultPort = 8001;

    /// <summary>The HTTP API is on when the key is set (or SCRAPER_API_ENABLED=true, which then requires the key).</summary>
    public bool Enabled { get; set; }

    /// <summary>Bearer token every route but /api/health requires.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The extra port the API also listens on; 0 keeps it on the Web's own URLs only.</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = DefaultPort;

    /// <summary>First retry delay of a failed, retryable task; doubles with each attempt.</summary>
    [Range(0, 86400)]
    public int RetryBackoffSeconds { get; set; } = 30;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Enabled && (ApiKey is null || ApiKey.Trim().Length < 16))
        {
            yield return new ValidationResult("SCRAPER_API_KEY must be set (at least 16 characters) when the scraper API is enabled.", [nameof(ApiKey)]);
        }
    }

    public static void Bind(IConfiguration config, ScraperOptions o)
    {
        o.ApiKey = config["SCRAPER_API_KEY"] is { Length: > 0 } key ? key.Trim() : null;
        o.Enabled = config["SCRAPER_API_ENABLED"] is { Length: > 0 } flag
            ? flag is "1" || flag.Equals("true", StringComparison.OrdinalIgnoreCase)
            : o.ApiKey is not null;
        if (config["SCRAPER_PORT"] is { Length: > 0 } port)
        {
            o.Port = int.TryParse(port, out var p) ? p : -1;
        }

        o.RetryBackoffSeconds = config.GetValue("SCRAPER_RETRY_BACKOFF_SECONDS", o.RetryBackoffSeconds);
    }
}
