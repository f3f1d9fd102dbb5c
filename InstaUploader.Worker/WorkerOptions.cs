using System.ComponentModel.DataAnnotations;

namespace InstaUploader.Worker;

/// <summary>Worker settings under the seed's environment variable names (seed 001 "Deploy: Bulk Worker Service").</summary>
public sealed class WorkerOptions : IValidatableObject
{
    /// <summary>Base URL of the Web (UI_API_BASE); by default service discovery's "http://web".</summary>
    public Uri UiApiBase { get; set; } = new("http://web");

    /// <summary>
    /// Bearer token for the Web (UI_API_TOKEN, or WORKER_API_TOKEN as the AppHost names it). Optional when
    /// WORKER_USERNAME/WORKER_PASSWORD are given: the worker then logs in for a JWT, and the Web nudges it with the
    /// per-process token it announced at registration.
    /// </summary>
    [MinLength(16)]
    public string? UiApiToken { get; set; }

    /// <summary>Seed 003 JWT login (WORKER_USERNAME / WORKER_PASSWORD); when unset the shared token is used.</summary>
    public string? WorkerUsername { get; set; }
    public string? WorkerPassword { get; set; }

    /// <summary>Lease asked for on claim; renewed every third of it while an item runs.</summary>
    [Range(5, 3600)]
    public int LeaseSeconds { get; set; } = 120;

    /// <summary>How long a stopping worker waits for running items before handing them back.</summary>
    [Range(0, 600)]
    public int ShutdownGraceSeconds { get; set; } = 20;

    public string WorkerId { get; set; } = "";

    /// <summary>
    /// WORKER_PUBLIC_URL: the address the Web nudges this worker at. When unset, the worker announces the address it
    /// listens on, with a wildcard host (0.0.0.0, [::], +, *) replaced by its own IP on the route to the Web.
    /// </summary>
    public Uri? PublicUrl { get; set; }

    [Range(1, 64)]
    public int ConcurrencyLimit { get; set; } = 2;
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 2;
    public bool Headless { get; set; } = true;
    public bool VisibleBrowser { get; set; }
    public string UploadMethod { get; set; } = "playwright";
    [Range(1, 3600)]
    public int RequestTimeoutSecs { get; set; } = 60;
    public bool VerifySsl { get; set; } = true;
    public string MediaTempDir { get; set; } = Path.Combine(Path.GetTempPath(), "ig_media");

    /// <summary>Seconds between fallback polls of claim_next (seed 003 POLLING_INTERVAL).</summary>
    [Range(1, 3600)]
    public int PollingInterval { get; set; } = 30;

    public static void Bind(IConfiguration c, WorkerOptions o)
    {
        if (c["UI_API_BASE"] is { Length: > 0 } baseUrl)
        {
            o.UiApiBase = new Uri(baseUrl);
        }

        o.UiApiToken = c["UI_API_TOKEN"] ?? c["WORKER_API_TOKEN"] ?? o.UiApiToken;
        // Under Aspire each replica is "<service>-<instance>", the name the dashboard shows it by.
        o.WorkerId = c["WORKER_ID"]
            ?? (InstanceIdFrom(c["OTEL_RESOURCE_ATTRIBUTES"]) is { } instance ? $"{c["OTEL_SERVICE_NAME"] ?? "worker"}-{instance}" : null)
            ?? $"{Environment.MachineName}-{Environment.ProcessId}";
        o.PublicUrl = c["WORKER_PUBLIC_URL"] is { Length: > 0 } publicUrl ? new Uri(publicUrl) : o.PublicUrl;
        o.ConcurrencyLimit = c.GetValue("CONCURRENCY_LIMIT", o.ConcurrencyLimit);
        o.BatchSize = c.GetValue("BATCH_SIZE", o.BatchSize);
        o.Headless = Flag(c["HEADLESS"], o.Headless);
        o.VisibleBrowser = Flag(c["VISIBLE_BROWSER"], o.VisibleBrowser);
        o.UploadMethod = c["UPLOAD_METHOD"] ?? o.UploadMethod;
        o.RequestTimeoutSecs = c.GetValue("REQUEST_TIMEOUT_SECS", o.RequestTimeoutSecs);
        o.VerifySsl = Flag(c["VERIFY_SSL"], o.VerifySsl);
        o.MediaTempDir = c["MEDIA_TEMP_DIR"] ?? o.MediaTempDir;
        o.PollingInterval = c.GetValue("POLLING_INTERVAL", o.PollingInterval);
        o.WorkerUsername = c["WORKER_USERNAME"] ?? o.WorkerUsername;
        o.WorkerPassword = c["WORKER_PASSWORD"] ?? o.WorkerPassword;
        o.LeaseSeconds = c.GetValue("LEASE_SECONDS", o.LeaseSeconds);
        o.ShutdownGraceSeconds = c.GetValue("SHUTDOWN_GRACE_SECONDS", o.ShutdownGraceSeconds);
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrEmpty(UiApiToken) && (string.IsNullOrEmpty(WorkerUsername) || string.IsNullOrEmpty(WorkerPassword)))
        {
            yield return new ValidationResult(
                "Give the Web's worker token (UI_API_TOKEN or WORKER_API_TOKEN) or WORKER_USERNAME and WORKER_PASSWORD.",
                [nameof(UiApiToken), nameof(WorkerUsername), nameof(WorkerPassword)]);
        }
    }

    private static bool Flag(string? value, bool fallback) =>
        value is null ? fallback : value is "1" || value.Equals("true", StringComparison.OrdinalIgnoreCase);

    private static string? InstanceIdFrom(string? attributes) =>
        attributes?.Split(',').Select(a => a.Split('=', 2)).FirstOrDefault(kv => kv.Length == 2 && kv[0].Trim() == "service.instance.id")?[1].Trim();
}
