using System.ComponentModel.DataAnnotations;

namespace InstaUploader.Web.Features.Dispatch;

/// <summary>How the Web starts work on workers (section <c>Dispatch</c>). See docs/protocol.md#nudges.</summary>
public sealed class DispatchOptions
{
    public const string Section = "Dispatch";

    /// <summary>Accounts per start call (DISPATCH_BATCH_SIZE).</summary>
    [Range(1, 10000)]
    public int BatchSize { get; set; } = 5;

    /// <summary>Per-worker concurrency passed in start options (DISPATCH_CONCURRENCY).</summary>
    [Range(1, 64)]
    public int Concurrency { get; set; } = 2;

    /// <summary>
    /// How many workers one dispatch round calls at once (Dispatch__ParallelWorkers); each worker gets its calls one
    /// after another, so toward any one worker there is never more than one call in flight.
    /// </summary>
    [Range(1, 1024)]
    public int ParallelWorkers { get; set; } = 32;

    /// <summary>
    /// Workers configured by address (WORKER_POOL, comma-separated, and WORKER_BASE_URL), a fallback while none has
    /// registered; <see cref="AddServiceDiscoveryWorkers"/> adds services__worker__http__*.
    /// </summary>
    public List<Uri> Pool { get; set; } = [];

    /// <summary>The configured pool plus the workers service discovery knows, each once, as base URLs ending in '/'.</summary>
    public static void AddServiceDiscoveryWorkers(DispatchOptions o, IConfiguration c) =>
        o.Pool = [.. o.Pool.Select(u => u.OriginalString)
            .Concat(c.GetSection("services:worker:http").GetChildren().Select(s => s.Value))
            .Where(u => !string.IsNullOrWhiteSpace(u))
            .Select(u => new Uri(u!.TrimEnd('/') + "/"))
            .Distinct()];
}
