using System.ComponentModel.DataAnnotations;

namespace InstaUploader.Web.Features.Dispatch;

/// <summary>Seed 001 dispatch settings (UI → workers).</summary>
public sealed class DispatchOptions
{
    /// <summary>Accounts per start call (DISPATCH_BATCH_SIZE).</summary>
    [Range(1, 10000)]
    public int BatchSize { get; set; } = 5;

    /// <summary>Per-worker concurrency passed in start options (DISPATCH_CONCURRENCY).</summary>
    [Range(1, 64)]
    public int Concurrency { get; set; } = 2;

    /// <summary>WORKER_POOL (comma-separated) or WORKER_BASE_URL; service discovery adds services__worker__http__*.</summary>
    public List<Uri> Pool { get; set; } = [];

    public static void Bind(IConfiguration c, DispatchOptions o)
    {
        o.BatchSize = c.GetValue("DISPATCH_BATCH_SIZE", o.BatchSize);
        o.Concurrency = c.GetValue("DISPATCH_CONCURRENCY", o.Concurrency);
        var urls = (c["WORKER_POOL"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Append(c["WORKER_BASE_URL"])
            .Concat(c.GetSection("services:worker:http").GetChildren().Select(s => s.Value))
            .Where(u => !string.IsNullOrWhiteSpace(u))
            .Select(u => new Uri(u!.TrimEnd('/') + "/"))
            .Distinct();
        o.Pool = [.. urls];
    }
}
