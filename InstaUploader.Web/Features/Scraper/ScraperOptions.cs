using System.ComponentModel.DataAnnotations;

namespace InstaUploader.Web.Features.Scraper;

/// <summary>The scraper API's settings (section <c>Scraper</c>; SCRAPER_API_KEY, SCRAPER_PORT, … are mapped onto it).</summary>
public sealed class ScraperOptions : IValidatableObject
{
    public const string Section = "Scraper";
    public const int DefaultPort = 8001;

    /// <summary>The HTTP API is on when the key is set, unless this says otherwise (true then requires the key).</summary>
    public bool? Enabled { get; set; }

    /// <summary>Bearer token every route but /api/health requires.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The extra port the API also listens on; 0 keeps it on the Web's own URLs only.</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = DefaultPort;

    /// <summary>First retry delay of a failed, retryable task; doubles with each attempt.</summary>
    [Range(0, 86400)]
    public int RetryBackoffSeconds { get; set; } = 30;

    public bool IsEnabled => Enabled ?? Key is not null;

    /// <summary>The key without surrounding blanks; null when empty.</summary>
    public string? Key => string.IsNullOrWhiteSpace(ApiKey) ? null : ApiKey.Trim();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (IsEnabled && (Key is null || Key.Length < 16))
        {
            yield return new ValidationResult("SCRAPER_API_KEY (Scraper:ApiKey) must be set (at least 16 characters) when the scraper API is enabled.", [nameof(ApiKey)]);
        }
    }
}
