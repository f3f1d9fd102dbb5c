using Microsoft.Extensions.Configuration;

namespace InstaUploader.AppHost;

/// <summary>The AppHost's command-line options (<c>--workers 4</c>, <c>--demo true</c>, ports, <c>--sandbox false</c>).</summary>
public sealed record AppHostOptions
{
    public const string AdminEmail = "admin@instauploader.local";

    public int Workers { get; init; } = 2;
    public bool Demo { get; init; }
    public bool Sandbox { get; init; } = true;
    /// <summary>The Web's ports; 0 lets the orchestrator pick free ones (tests run several topologies at once).</summary>
    public int? WebPort { get; init; } = 8000;
    public int? ScraperPort { get; init; } = 8001;
    public int WorkerPort { get; init; } = 9000;
    public int SandboxPort { get; init; } = 8100;
    public int SandboxImapPort { get; init; } = 8143;

    /// <summary>Short leases let tests see a killed worker's items reclaimed quickly.</summary>
    public string WorkerLeaseSeconds { get; init; } = "120";

    /// <summary>A throwaway database and key file (tests): made in the temp directory, deleted when the AppHost stops.</summary>
    public bool EphemeralData { get; init; }

    /// <summary>Where state that must outlive a run lives: the cluster, its password, the Data Protection certificate.</summary>
    public required string StateDirectory { get; init; }

    /// <summary>
    /// Where an item's trace opens: the dashboard's trace page (its first URL, ASPNETCORE_URLS), unless
    /// <c>--trace-ui-url</c> names another OTLP backend's UI with {traceId}.
    /// </summary>
    public string? TraceUiUrl { get; init; }

    public string PostgresData => Path.Combine(StateDirectory, "pgdata");
    public string DataProtectionCertificate => Path.Combine(StateDirectory, "dataprotection.pfx");

    private static int? Port(int? port) => port == 0 ? null : port;

    private static string? DashboardTracePage(string? dashboardUrls) =>
        dashboardUrls?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() is { } url
            ? $"{url.TrimEnd('/')}/traces/detail/{{traceId}}"
            : null;

    public static AppHostOptions From(IConfiguration config, string appHostDirectory)
    {
        var defaults = new AppHostOptions { StateDirectory = "" };
        var ephemeral = config.GetValue("ephemeral-data", defaults.EphemeralData);
        return new AppHostOptions
        {
            Workers = config.GetValue("workers", defaults.Workers),
            Demo = config.GetValue("demo", defaults.Demo),
            Sandbox = config.GetValue("sandbox", defaults.Sandbox),
            WebPort = Port(config.GetValue("web-port", defaults.WebPort)),
            ScraperPort = Port(config.GetValue("scraper-port", defaults.ScraperPort)),
            WorkerPort = config.GetValue("worker-port", defaults.WorkerPort),
            SandboxPort = config.GetValue("sandbox-port", defaults.SandboxPort),
            SandboxImapPort = config.GetValue("sandbox-imap-port", defaults.SandboxImapPort),
            WorkerLeaseSeconds = config["worker-lease-seconds"] ?? defaults.WorkerLeaseSeconds,
            EphemeralData = ephemeral,
            TraceUiUrl = config["trace-ui-url"] ?? DashboardTracePage(config["ASPNETCORE_URLS"]),
            StateDirectory = ephemeral
                ? Path.Combine(Path.GetTempPath(), "instauploader-state-" + Guid.NewGuid().ToString("n")[..12])
                : Path.GetFullPath(config["state-dir"] ?? Path.Combine(appHostDirectory, "..", ".instauploader")),
        };
    }
}
