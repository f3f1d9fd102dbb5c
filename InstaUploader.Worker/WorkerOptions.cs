using System.ComponentModel.DataAnnotations;

namespace InstaUploader.Worker;

/// <summary>
/// A worker's settings (section <c>Worker</c>; the original worker's UI_API_BASE, UI_API_TOKEN, POLLING_INTERVAL, …
/// are mapped onto it by <c>AddLegacyEnvironmentVariables</c>).
/// </summary>
public sealed class WorkerOptions : IValidatableObject
{
    public const string Section = "Worker";

    /// <summary>Base URL of the Web; by default service discovery's "http://web".</summary>
    public Uri WebBaseUrl { get; set; } = new("http://web");

    /// <summary>
    /// The worker token: the bearer sent to the Web and accepted from it. Optional when WorkerUsername/WorkerPassword
    /// are given: the worker then logs in for a JWT, and the Web nudges it with the per-process token it announced at
    /// registration. See docs/protocol.md#authentication.
    /// </summary>
    [MinLength(16)]
    public string? WorkerToken { get; set; }

    /// <summary>JWT login (POST /api/login/); when unset the worker token is used.</summary>
    public string? WorkerUsername { get; set; }
    public string? WorkerPassword { get; set; }

    /// <summary>Lease asked for on claim; renewed every third of it while an item runs.</summary>
    [Range(5, 3600)]
    public int LeaseSeconds { get; set; } = 120;

    /// <summary>
    /// How long a stopping worker waits for running items before handing them back; with the hand-back it stays
    /// inside the host's shutdown timeout (8 s), so the process ends within 10 s of SIGTERM.
    /// </summary>
    [Range(0, 600)]
    public int ShutdownGraceSeconds { get; set; } = 5;

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

    /// <summary>Seconds between fallback polls of claim_next (POLLING_INTERVAL).</summary>
    [Range(1, 3600)]
    public int PollingInterval { get; set; } = 30;

    /// <summary>
    /// When no WorkerId is configured: under Aspire each replica is "&lt;service&gt;-&lt;instance&gt;", the name the dashboard
    /// shows it by; elsewhere the machine name and process id.
    /// </summary>
    public static void NameAfterInstance(WorkerOptions o, IConfiguration c)
    {
        if (string.IsNullOrWhiteSpace(o.WorkerId))
        {
            o.WorkerId = InstanceIdFrom(c["OTEL_RESOURCE_ATTRIBUTES"]) is { } instance
                ? $"{c["OTEL_SERVICE_NAME"] ?? "worker"}-{instance}"
                : $"{Environment.MachineName}-{Environment.ProcessId}";
        }
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrEmpty(WorkerToken) && (string.IsNullOrEmpty(WorkerUsername) || string.IsNullOrEmpty(WorkerPassword)))
        {
            yield return new ValidationResult(
                "Give the worker token (Worker:WorkerToken, or WORKER_API_TOKEN / UI_API_TOKEN) or WORKER_USERNAME and WORKER_PASSWORD.",
                [nameof(WorkerToken), nameof(WorkerUsername), nameof(WorkerPassword)]);
        }
    }

    private static string? InstanceIdFrom(string? attributes) =>
        attributes?.Split(',').Select(a => a.Split('=', 2)).FirstOrDefault(kv => kv.Length == 2 && kv[0].Trim() == "service.instance.id")?[1].Trim();
}
